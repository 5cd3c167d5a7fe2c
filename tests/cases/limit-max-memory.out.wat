(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 3)
  (global $big (;0;) (mut i32) i32.const -1)
  (global $small (;1;) (mut i32) i32.const 1)
  (export "big" (func 1))
  (export "small" (func 2))
  (export "size" (func 3))
  (func (;0;) (type 0)
    i32.const 100
    memory.grow
    global.set $big
    i32.const 2
    memory.grow
    global.set $small
  )
  (func (;1;) (type 1) (result i32)
    global.get $big
  )
  (func (;2;) (type 1) (result i32)
    global.get $small
  )
  (func (;3;) (type 1) (result i32)
    memory.size
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
