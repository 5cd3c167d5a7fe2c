(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (param i32) (result i32)))
  (table $tab (;0;) 3 funcref)
  (global $seen (;0;) (mut i32) i32.const 22)
  (export "via_table" (func 3))
  (export "seen" (func 4))
  (elem (;0;) (table $tab) (i32.const 0) func $ten $twenty)
  (elem (;1;) declare func $ten)
  (func $ten (;0;) (type $t) (result i32)
    i32.const 10
  )
  (func $twenty (;1;) (type $t) (result i32)
    i32.const 20
  )
  (func (;2;) (type 1)
    table.size $tab
    i32.const 2
    table.get $tab
    ref.is_null
    i32.add
    i32.const 0
    call_indirect (type $t)
    i32.add
    global.set $seen
    global.get $seen
    ref.func $ten
    ref.null func
    i32.const 1
    select (result funcref)
    ref.is_null
    i32.add
    global.set $seen
    global.get $seen
    i32.const 8
    i32.add
    global.set $seen
  )
  (func (;3;) (type 2) (param i32) (result i32)
    local.get 0
    call_indirect (type $t)
  )
  (func (;4;) (type $t) (result i32)
    global.get $seen
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
