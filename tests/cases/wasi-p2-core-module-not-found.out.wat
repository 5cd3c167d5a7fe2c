(module
  (type (;0;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;1;) (func (param i32)))
  (type (;2;) (func (param i32 i32 i32 i32 i32 i32 i32)))
  (type (;3;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;4;) (func))
  (type (;5;) (func (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $p1_open (;0;) (type 0) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (;1;) (type 1) (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at" (func $open (;2;) (type 2) (param i32 i32 i32 i32 i32 i32 i32)))
  (memory (;0;) 1)
  (global $heap (;0;) (mut i32) i32.const 8224)
  (global $missing (;1;) (mut i32) i32.const 20)
  (global $too_long (;2;) (mut i32) i32.const 18)
  (global $p1_missing (;3;) (mut i32) i32.const 44)
  (global $p1_too_long (;4;) (mut i32) i32.const 37)
  (export "memory" (memory 0))
  (export "cabi_realloc" (func 3))
  (export "missing" (func 5))
  (export "too_long" (func 6))
  (export "p1_missing" (func 7))
  (export "p1_too_long" (func 8))
  (func (;3;) (type 3) (param i32 i32 i32 i32) (result i32)
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
  (func (;4;) (type 4)
    (local $dir i32)
    i32.const 16
    call $dirs
    i32.const 16
    i32.load
    i32.load
    local.set $dir
    local.get $dir
    i32.const 0
    i32.const 512
    i32.const 11
    i32.const 0
    i32.const 1
    i32.const 64
    call $open
    i32.const 68
    i32.load8_u
    global.set $missing
    local.get $dir
    i32.const 0
    i32.const 1024
    i32.const 300
    i32.const 0
    i32.const 1
    i32.const 64
    call $open
    i32.const 68
    i32.load8_u
    global.set $too_long
    i32.const 3
    i32.const 0
    i32.const 512
    i32.const 11
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    i32.const 96
    call $p1_open
    global.set $p1_missing
    i32.const 3
    i32.const 0
    i32.const 1024
    i32.const 300
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    i32.const 96
    call $p1_open
    global.set $p1_too_long
  )
  (func (;5;) (type 5) (result i32)
    global.get $missing
  )
  (func (;6;) (type 5) (result i32)
    global.get $too_long
  )
  (func (;7;) (type 5) (result i32)
    global.get $p1_missing
  )
  (func (;8;) (type 5) (result i32)
    global.get $p1_too_long
  )
  (data (;0;) (i32.const 17) " \00\00\01")
  (data (;1;) (i32.const 64) "\01\00\00\00\12")
  (data (;2;) (i32.const 512) "missing.txt")
  (data (;3;) (i32.const 1024) "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")
  (data (;4;) (i32.const 8192) "\01\00\00\00\14 \00\00\04")
  (data (;5;) (i32.const 8212) "/box")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
