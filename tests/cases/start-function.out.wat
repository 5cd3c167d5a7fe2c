(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 1)
  (global $count (;0;) (mut i32) i32.const 11)
  (export "count" (func 2))
  (func $start (;0;) (type 0)
    i32.const 1
    global.set $count
    i32.const 0
    i32.const 100
    i32.store
  )
  (func (;1;) (type 0)
    global.get $count
    i32.const 10
    i32.add
    global.set $count
  )
  (func (;2;) (type 1) (result i32)
    global.get $count
  )
  (data (;0;) (i32.const 0) "d")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
