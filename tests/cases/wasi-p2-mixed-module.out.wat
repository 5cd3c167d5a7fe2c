(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i32 i64 i32) (result i32)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i64)))
  (type (;4;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;5;) (func))
  (type (;6;) (func (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (;0;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (;1;) (type 1) (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (;2;) (type 0) (param i32 i32) (result i32)))
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (;3;) (type 2) (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $now (;4;) (type 3) (result i64)))
  (import "wasi:random/random@0.2.0" "get-random-u64" (func $u64 (;5;) (type 3) (result i64)))
  (memory (;0;) 1)
  (global $heap (;0;) (mut i32) i32.const 4174)
  (global $p1_env (;1;) (mut i32) i32.const 2)
  (global $p2_env (;2;) (mut i32) i32.const 2)
  (global $p1_mono (;3;) (mut i64) i64.const 1000000000)
  (global $p2_mono (;4;) (mut i64) i64.const 1000000000)
  (global $p1_random (;5;) (mut i64) i64.const 7191089600892374487)
  (global $p2_random (;6;) (mut i64) i64.const 309689372594955804)
  (export "memory" (memory 0))
  (export "cabi_realloc" (func 6))
  (export "p1_env_count" (func 8))
  (export "p2_env_count" (func 9))
  (export "p1_mono" (func 10))
  (export "p2_mono" (func 11))
  (export "p1_random" (func 12))
  (export "same_random" (func 13))
  (func (;6;) (type 4) (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    global.get $heap
    local.set $at
    local.get $at
    local.get 3
    i32.const 8
    i32.add
    i32.add
    global.set $heap
    local.get $at
  )
  (func (;7;) (type 5)
    i32.const 0
    i32.const 4
    call $sizes
    drop
    i32.const 0
    i32.load
    global.set $p1_env
    i32.const 16
    call $env
    i32.const 20
    i32.load
    global.set $p2_env
    i32.const 1
    i64.const 1
    i32.const 32
    call $time
    drop
    i32.const 32
    i64.load
    global.set $p1_mono
    call $now
    global.set $p2_mono
    i32.const 48
    i32.const 8
    call $random
    drop
    i32.const 48
    i64.load
    global.set $p1_random
    call $u64
    global.set $p2_random
  )
  (func (;8;) (type 6) (result i32)
    global.get $p1_env
  )
  (func (;9;) (type 6) (result i32)
    global.get $p2_env
  )
  (func (;10;) (type 3) (result i64)
    global.get $p1_mono
  )
  (func (;11;) (type 3) (result i64)
    global.get $p2_mono
  )
  (func (;12;) (type 3) (result i64)
    global.get $p1_random
  )
  (func (;13;) (type 6) (result i32)
    global.get $p1_random
    global.get $p2_random
    i64.eq
  )
  (data (;0;) (i32.const 0) "\02\00\00\00\0a")
  (data (;1;) (i32.const 17) "\10\00\00\02")
  (data (;2;) (i32.const 33) "\ca\9a;")
  (data (;3;) (i32.const 48) "\d7\0d2Y\e4\e1\cbc")
  (data (;4;) (i32.const 4096) "(\10\00\00\01\00\00\001\10\00\00\01\00\00\00:\10\00\00\02\00\00\00D\10\00\00\02")
  (data (;5;) (i32.const 4136) "A")
  (data (;6;) (i32.const 4145) "b")
  (data (;7;) (i32.const 4154) "CC")
  (data (;8;) (i32.const 4164) "dd")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
