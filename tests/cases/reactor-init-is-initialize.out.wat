(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (global $calls (;0;) (mut i32) i32.const 1)
  (export "calls" (func 1))
  (func (;0;) (type 0)
    global.get $calls
    i32.const 1
    i32.add
    global.set $calls
  )
  (func (;1;) (type 1) (result i32)
    global.get $calls
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
