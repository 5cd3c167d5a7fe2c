(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func))
  (import "b" "twice" (func $twice (;0;) (type 0) (result i32)))
  (import "a" "next" (func $next (;1;) (type 0) (result i32)))
  (global $v (;0;) (mut i32) i32.const 10)
  (export "v" (func 3))
  (func (;2;) (type 1)
    call $twice
    call $twice
    i32.add
    global.set $v
  )
  (func (;3;) (type 0) (result i32)
    global.get $v
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
