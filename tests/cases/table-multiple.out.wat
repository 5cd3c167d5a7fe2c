(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (table $tab (;0;) 1 funcref)
  (table $second (;1;) 3 funcref)
  (export "f30" (func $f30))
  (export "call" (func 1))
  (export "call_second" (func 2))
  (export "size_second" (func 3))
  (elem (;0;) (table $second) (i32.const 2) func $f30)
  (func $f30 (;0;) (type $t) (result i32)
    i32.const 30
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
    call_indirect (type $t)
  )
  (func (;2;) (type 1) (param i32) (result i32)
    local.get 0
    call_indirect $second (type $t)
  )
  (func (;3;) (type $t) (result i32)
    table.size $second
  )
  (func (;4;) (type 2)
    i32.const 2
    ref.func $f30
    table.set $second
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
