(module
  (type (;0;) (func (param i32 i64 i32) (result i32)))
  (type (;1;) (func (param i32 i32) (result i32)))
  (type (;2;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;3;) (func))
  (type (;4;) (func (result i64)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (;0;) (type 0) (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (;1;) (type 1) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (;2;) (type 2) (param i32 i32 i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $t0 (;0;) (mut i64) i64.const 946684800000000000)
  (global $t1 (;1;) (mut i64) i64.const 946684800000001500)
  (global $mono (;2;) (mut i64) i64.const 1000001500)
  (global $rnd (;3;) (mut i64) i64.const 7191089600892374487)
  (export "memory" (memory 0))
  (export "t0" (func 4))
  (export "slept" (func 5))
  (export "mono" (func 6))
  (export "rnd" (func 7))
  (func (;3;) (type 3)
    i32.const 0
    i64.const 1
    i32.const 0
    call $time
    drop
    i32.const 0
    i64.load
    global.set $t0
    i32.const 100
    i64.const 1
    i64.store
    i32.const 108
    i32.const 0
    i32.store8
    i32.const 116
    i32.const 1
    i32.store
    i32.const 124
    i64.const 1500
    i64.store
    i32.const 100
    i32.const 200
    i32.const 1
    i32.const 300
    call $poll
    drop
    i32.const 0
    i64.const 1
    i32.const 0
    call $time
    drop
    i32.const 0
    i64.load
    global.set $t1
    i32.const 1
    i64.const 1
    i32.const 0
    call $time
    drop
    i32.const 0
    i64.load
    global.set $mono
    i32.const 0
    i32.const 8
    call $random
    drop
    i32.const 0
    i64.load
    global.set $rnd
    i32.const 0
    i32.const 0
    i32.const 400
    memory.fill
  )
  (func (;4;) (type 4) (result i64)
    global.get $t0
  )
  (func (;5;) (type 4) (result i64)
    global.get $t1
    global.get $t0
    i64.sub
  )
  (func (;6;) (type 4) (result i64)
    global.get $mono
  )
  (func (;7;) (type 4) (result i64)
    global.get $rnd
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
