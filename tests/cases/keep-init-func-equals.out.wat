(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (global $n (;0;) (mut i32) i32.const 1)
  (export "wizer.initialize" (func 0))
  (export "n" (func 1))
  (func (;0;) (type 0)
    global.get $n
    i32.const 1
    i32.add
    global.set $n
  )
  (func (;1;) (type 1) (result i32)
    global.get $n
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
