(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (table $tab (;0;) 1 funcref)
  (global $g (;0;) (mut funcref) ref.func $f20)
  (global $other (;1;) (mut funcref) ref.null func)
  (export "call" (func 3))
  (export "size" (func 4))
  (export "via_global" (func 5))
  (export "other_is_null" (func 6))
  (elem (;0;) declare func $f10 $f20)
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
    i32.const 0
    global.get $g
    table.set $tab
    i32.const 0
    call_indirect (type $t)
  )
  (func (;6;) (type $t) (result i32)
    global.get $other
    ref.is_null
  )
  (func (;7;) (type 2)
    ref.func $f20
    global.set $g
    ref.null func
    global.set $other
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
