(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (global $v (;0;) (mut i32) i32.const 4)
  (export "v" (func 1))
  (func (;0;) (type 0)
    i32.const 4
    global.set $v
  )
  (func (;1;) (type 1) (result i32)
    global.get $v
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
