(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i64) (result i32)))
  (type (;2;) (func (result i64)))
  (type (;3;) (func))
  (table $tab (;0;) i64 4 funcref)
  (export "call" (func 1))
  (export "size" (func 2))
  (elem (;0;) declare func $f10)
  (elem (;1;) (i64.const 3) func $f10)
  (func $f10 (;0;) (type $t) (result i32)
    i32.const 10
  )
  (func (;1;) (type 1) (param i64) (result i32)
    local.get 0
    call_indirect (type $t)
  )
  (func (;2;) (type 2) (result i64)
    table.size $tab
  )
  (func (;3;) (type 3)
    ref.null func
    i64.const 2
    table.grow $tab
    drop
    i64.const 3
    ref.func $f10
    table.set $tab
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
