(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (global $base (;0;) i32 i32.const 10)
  (global $derived (;1;) i32 i32.const 10 i32.const 4 i32.const 5 i32.mul i32.add)
  (global $acc (;2;) (mut i32) i32.const 60)
  (export "sum" (func 2))
  (func $add (;0;) (type 0) (param i32)
    global.get $acc
    local.get 0
    i32.add
    global.set $acc
  )
  (func (;1;) (type 1)
    global.get $derived
    call $add
    global.get $derived
    return_call $add
  )
  (func (;2;) (type 2) (result i32)
    global.get $acc
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
