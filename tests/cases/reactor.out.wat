(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (global $log (;0;) (mut i32) i32.const 12)
  (export "log" (func 2))
  (func (;0;) (type 0)
    global.get $log
    i32.const 10
    i32.mul
    i32.const 1
    i32.add
    global.set $log
  )
  (func (;1;) (type 0)
    global.get $log
    i32.const 10
    i32.mul
    i32.const 2
    i32.add
    global.set $log
  )
  (func (;2;) (type 1) (result i32)
    global.get $log
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
