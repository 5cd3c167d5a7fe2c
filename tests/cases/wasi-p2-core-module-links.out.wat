(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i32 i32 i32 i32 i32 i32)))
  (type (;2;) (func (param i32 i32 i32 i32)))
  (type (;3;) (func (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (type (;4;) (func (param i32 i32 i32 i32 i32 i32 i32)))
  (type (;5;) (func (param i32 i64 i32)))
  (type (;6;) (func (param i32 i32 i32 i32 i32 i64 i32 i32 i64 i32 i32)))
  (type (;7;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;8;) (func))
  (type (;9;) (func (result i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (;0;) (type 0) (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.symlink-at" (func $symlink (;1;) (type 1) (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.readlink-at" (func $readlink (;2;) (type 2) (param i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.link-at" (func $link (;3;) (type 3) (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at" (func $open (;4;) (type 4) (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.set-size" (func $set_size (;5;) (type 5) (param i32 i64 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.set-times-at" (func $set_times_at (;6;) (type 6) (param i32 i32 i32 i32 i32 i64 i32 i32 i64 i32 i32)))
  (memory (;0;) 1)
  (global $heap (;0;) (mut i32) i32.const 4141)
  (global $dir (;1;) (mut i32) i32.const 1)
  (global $symlinked (;2;) (mut i32) i32.const 0)
  (global $target_len (;3;) (mut i32) i32.const 5)
  (global $target_byte (;4;) (mut i32) i32.const 97)
  (global $linked (;5;) (mut i32) i32.const 0)
  (global $opened (;6;) (mut i32) i32.const 0)
  (global $sized (;7;) (mut i32) i32.const 0)
  (global $timed (;8;) (mut i32) i32.const 0)
  (global $absolute (;9;) (mut i32) i32.const 1)
  (global $absolute_code (;10;) (mut i32) i32.const 31)
  (export "memory" (memory 0))
  (export "cabi_realloc" (func 7))
  (export "symlinked" (func 9))
  (export "target_len" (func 10))
  (export "target_byte" (func 11))
  (export "linked" (func 12))
  (export "opened" (func 13))
  (export "sized" (func 14))
  (export "timed" (func 15))
  (export "absolute" (func 16))
  (export "absolute_code" (func 17))
  (func (;7;) (type 7) (param i32 i32 i32 i32) (result i32)
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
  (func (;8;) (type 8)
    i32.const 16
    call $dirs
    i32.const 16
    i32.load
    i32.load
    global.set $dir
    global.get $dir
    i32.const 512
    i32.const 5
    i32.const 528
    i32.const 4
    i32.const 32
    call $symlink
    i32.const 32
    i32.load8_u
    global.set $symlinked
    global.get $dir
    i32.const 528
    i32.const 4
    i32.const 48
    call $readlink
    i32.const 56
    i32.load
    global.set $target_len
    i32.const 52
    i32.load
    i32.load8_u
    global.set $target_byte
    global.get $dir
    i32.const 0
    i32.const 512
    i32.const 5
    global.get $dir
    i32.const 544
    i32.const 4
    i32.const 64
    call $link
    i32.const 64
    i32.load8_u
    global.set $linked
    global.get $dir
    i32.const 0
    i32.const 512
    i32.const 5
    i32.const 0
    i32.const 2
    i32.const 80
    call $open
    i32.const 80
    i32.load8_u
    global.set $opened
    i32.const 84
    i32.load
    i64.const 2
    i32.const 96
    call $set_size
    i32.const 96
    i32.load8_u
    global.set $sized
    global.get $dir
    i32.const 0
    i32.const 512
    i32.const 5
    i32.const 0
    i64.const 0
    i32.const 0
    i32.const 2
    i64.const 1000000000
    i32.const 0
    i32.const 112
    call $set_times_at
    i32.const 112
    i32.load8_u
    global.set $timed
    global.get $dir
    i32.const 560
    i32.const 11
    i32.const 576
    i32.const 3
    i32.const 128
    call $symlink
    i32.const 128
    i32.load8_u
    global.set $absolute
    i32.const 129
    i32.load8_u
    global.set $absolute_code
  )
  (func (;9;) (type 9) (result i32)
    global.get $symlinked
  )
  (func (;10;) (type 9) (result i32)
    global.get $target_len
  )
  (func (;11;) (type 9) (result i32)
    global.get $target_byte
  )
  (func (;12;) (type 9) (result i32)
    global.get $linked
  )
  (func (;13;) (type 9) (result i32)
    global.get $opened
  )
  (func (;14;) (type 9) (result i32)
    global.get $sized
  )
  (func (;15;) (type 9) (result i32)
    global.get $timed
  )
  (func (;16;) (type 9) (result i32)
    global.get $absolute
  )
  (func (;17;) (type 9) (result i32)
    global.get $absolute_code
  )
  (data (;0;) (i32.const 17) "\10\00\00\01")
  (data (;1;) (i32.const 52) " \10\00\00\05")
  (data (;2;) (i32.const 84) "\02")
  (data (;3;) (i32.const 128) "\01\1f")
  (data (;4;) (i32.const 512) "a.txt")
  (data (;5;) (i32.const 528) "link")
  (data (;6;) (i32.const 544) "hard")
  (data (;7;) (i32.const 560) "/etc/passwd\00\00\00\00\00bad")
  (data (;8;) (i32.const 4096) "\01\00\00\00\14\10\00\00\04")
  (data (;9;) (i32.const 4116) "/box")
  (data (;10;) (i32.const 4128) "a.txt")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
