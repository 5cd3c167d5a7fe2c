(module
  (type (;0;) (func (param i32 i64 i32) (result i32)))
  (type (;1;) (func (param i32 i32) (result i32)))
  (type (;2;) (func))
  (type (;3;) (func (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (;0;) (type 0) (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (;1;) (type 1) (param i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $ok (;0;) (mut i32) i32.const 0)
  (export "memory" (memory 0))
  (export "ok" (func 3))
  (func (;2;) (type 2)
    i32.const 0
    i32.const 32
    call $random
    i32.const 0
    i64.const 1
    i32.const 0
    call $time
    i32.or
    global.set $ok
    i32.const 0
    i32.const 0
    i32.const 32
    memory.fill
  )
  (func (;3;) (type 3) (result i32)
    global.get $ok
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
