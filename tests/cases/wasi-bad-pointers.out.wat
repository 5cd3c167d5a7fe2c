(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i32 i64 i32) (result i32)))
  (type (;2;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;3;) (func (param i32 i32 i32) (result i32)))
  (type (;4;) (func (param i32 i32 i32 i64 i32) (result i32)))
  (type (;5;) (func (param i32 i64 i32 i32) (result i32)))
  (type (;6;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;7;) (func (param i32 i32 i32 i32 i32) (result i32)))
  (type (;8;) (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (type (;9;) (func (param i32 i32)))
  (type (;10;) (func))
  (type (;11;) (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (;0;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (;1;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (;2;) (type 1) (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (;3;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (;4;) (type 2) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (;5;) (type 2) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (;6;) (type 2) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (;7;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $prestat_name (;8;) (type 3) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (;9;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $filestat (;10;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $readdir (;11;) (type 4) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $seek (;12;) (type 5) (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $pread (;13;) (type 4) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $open (;14;) (type 6) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_stat (;15;) (type 7) (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $readlink (;16;) (type 8) (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $mkdir (;17;) (type 3) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $unlink (;18;) (type 3) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $symlink (;19;) (type 7) (param i32 i32 i32 i32 i32) (result i32)))
  (memory (;0;) 1)
  (export "memory" (memory 0))
  (export "e" (func 22))
  (func $at (;20;) (type 9) (param i32 i32)
    local.get 0
    i32.const 4
    i32.mul
    local.get 1
    i32.store
  )
  (func (;21;) (type 10)
    (local $bad i32)
    i32.const 65534
    local.set $bad
    i32.const 0
    local.get $bad
    i32.const 200
    call $args_sizes
    call $at
    i32.const 1
    i32.const -4
    i32.const 200
    call $environ_get
    call $at
    i32.const 2
    i32.const 0
    i64.const 1
    local.get $bad
    call $time
    call $at
    i32.const 3
    i32.const 65000
    i32.const 1000
    call $random
    call $at
    i32.const 4
    i32.const 65500
    i32.const 200
    i32.const 2
    i32.const 300
    call $poll
    call $at
    i32.const 5
    i32.const 1
    i32.const 65530
    i32.const 2
    i32.const 300
    call $write
    call $at
    i32.const 400
    i32.const 65000
    i32.store
    i32.const 404
    i32.const 4096
    i32.store
    i32.const 6
    i32.const 1
    i32.const 400
    i32.const 1
    i32.const 300
    call $write
    call $at
    i32.const 7
    i32.const 3
    local.get $bad
    call $prestat
    call $at
    i32.const 8
    i32.const 3
    i32.const 65533
    i32.const 7
    call $prestat_name
    call $at
    i32.const 9
    i32.const 1
    i32.const 65520
    call $fdstat
    call $at
    i32.const 10
    i32.const 3
    i32.const 65500
    call $filestat
    call $at
    i32.const 11
    i32.const 3
    i32.const 65000
    i32.const 4096
    i64.const 0
    i32.const 300
    call $readdir
    call $at
    i32.const 12
    i32.const 3
    i32.const 0
    i32.const 65530
    i32.const 100
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    i32.const 300
    call $open
    call $at
    i32.const 13
    i32.const 3
    i32.const 0
    i32.const 1000
    i32.const 5
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    local.get $bad
    call $open
    call $at
    i32.const 14
    i32.const 3
    i32.const 0
    i32.const 1000
    i32.const 5
    i32.const 65500
    call $path_stat
    call $at
    i32.const 15
    i32.const 3
    i32.const 1000
    i32.const 5
    i32.const 65000
    i32.const 4096
    i32.const 300
    call $readlink
    call $at
    i32.const 16
    i32.const 3
    i32.const -1
    i32.const 2
    call $mkdir
    call $at
    i32.const 17
    i32.const 3
    i32.const 65535
    i32.const 2
    call $unlink
    call $at
    i32.const 18
    i32.const 65535
    i32.const 9
    i32.const 3
    i32.const 1000
    i32.const 5
    call $symlink
    call $at
    i32.const 19
    i32.const 0
    i32.const -8
    i32.const 1
    i32.const 300
    call $read
    call $at
    i32.const 0
    i64.const 0
    i32.const 0
    local.get $bad
    call $seek
    drop
    i32.const 3
    i32.const 400
    i32.const 1
    i64.const 0
    i32.const 300
    call $pread
    drop
  )
  (func (;22;) (type 11) (param i32) (result i32)
    local.get 0
    i32.const 4
    i32.mul
    i32.load
  )
  (data (;0;) (i32.const 0) "\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15\00\00\00\15")
  (data (;1;) (i32.const 400) "\e8\fd\00\00\00\10")
  (data (;2;) (i32.const 1000) "f.txt")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
