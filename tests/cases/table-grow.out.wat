(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (table $tab (;0;) 5 6 funcref)
  (export "call" (func 3))
  (export "size" (func 4))
  (export "grow" (func 5))
  (elem (;0;) func)
  (elem (;1;) declare func $f10)
  (elem (;2;) (i32.const 1) func $f20 $f10 $f10 $f10)
  (func $f10 (;0;) (type $t) (result i32)
    i32.const 10
  )
  (func $f20 (;1;) (type $t) (result i32)
    i32.const 20
  )
  (func $f30 (;2;) (type $t) (result i32)
    i32.const 30
  )
  (func (;3;) (type 1) (param i32) (result i32)
    local.get 0
    call_indirect (type $t)
  )
  (func (;4;) (type $t) (result i32)
    table.size $tab
  )
  (func (;5;) (type $t) (result i32)
    ref.null func
    i32.const 1
    table.grow $tab
  )
  (func (;6;) (type 2)
    ref.func $f10
    i32.const 3
    table.grow $tab
    drop
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
