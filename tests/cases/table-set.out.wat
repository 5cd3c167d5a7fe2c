(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (table $tab (;0;) 4 funcref)
  (export "call" (func 3))
  (export "size" (func 4))
  (elem (;0;) declare func $f30)
  (elem (;1;) (i32.const 2) func $f30)
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
  (func (;5;) (type 2)
    i32.const 2
    ref.func $f30
    table.set $tab
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
