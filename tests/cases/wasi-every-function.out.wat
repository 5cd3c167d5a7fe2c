(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i32 i64 i32) (result i32)))
  (type (;2;) (func (param i32 i64 i64 i32) (result i32)))
  (type (;3;) (func (param i32 i64 i64) (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (type (;5;) (func (param i32 i64) (result i32)))
  (type (;6;) (func (param i32 i32 i32 i64 i32) (result i32)))
  (type (;7;) (func (param i32 i32 i32) (result i32)))
  (type (;8;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;9;) (func (param i32 i64 i32 i32) (result i32)))
  (type (;10;) (func (param i32 i32 i32 i32 i32) (result i32)))
  (type (;11;) (func (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (type (;12;) (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (type (;13;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;14;) (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (type (;15;) (func (result i32)))
  (type (;16;) (func (param i32)))
  (type (;17;) (func))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (;0;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (;1;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (;2;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (;3;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (;4;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (;5;) (type 1) (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $fd_advise (;6;) (type 2) (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (;7;) (type 3) (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (;8;) (type 4) (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_datasync" (func $fd_datasync (;9;) (type 4) (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (;10;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $fd_fdstat_set_flags (;11;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (;12;) (type 3) (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (;13;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (;14;) (type 5) (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (;15;) (type 2) (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (;16;) (type 6) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (;17;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (;18;) (type 7) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (;19;) (type 6) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (;20;) (type 8) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (;21;) (type 6) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (;22;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (;23;) (type 9) (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_sync" (func $fd_sync (;24;) (type 4) (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (;25;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (;26;) (type 8) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (;27;) (type 7) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (;28;) (type 10) (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (;29;) (type 11) (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (;30;) (type 12) (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (;31;) (type 13) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (;32;) (type 14) (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (;33;) (type 7) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (;34;) (type 14) (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (;35;) (type 10) (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (;36;) (type 7) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (;37;) (type 8) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (;38;) (type 4) (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (;39;) (type 15) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (;40;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (;41;) (type 7) (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (;42;) (type 14) (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (;43;) (type 10) (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $sock_shutdown (;44;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (;45;) (type 16) (param i32)))
  (memory (;0;) 1)
  (export "memory" (memory 0))
  (export "e" (func 47))
  (func (;46;) (type 17)
    i32.const 0
    i32.const 1024
    i32.const 1024
    call $args_get
    i32.store
    i32.const 4
    i32.const 1024
    i32.const 1024
    call $args_sizes_get
    i32.store
    i32.const 8
    i32.const 1024
    i32.const 1024
    call $environ_get
    i32.store
    i32.const 12
    i32.const 1024
    i32.const 1024
    call $environ_sizes_get
    i32.store
    i32.const 16
    i32.const 1024
    i32.const 1024
    call $clock_res_get
    i32.store
    i32.const 20
    i32.const 1024
    i64.const 0
    i32.const 1024
    call $clock_time_get
    i32.store
    i32.const 24
    i32.const 99
    i64.const 0
    i64.const 0
    i32.const 1024
    call $fd_advise
    i32.store
    i32.const 28
    i32.const 99
    i64.const 0
    i64.const 0
    call $fd_allocate
    i32.store
    i32.const 32
    i32.const 99
    call $fd_close
    i32.store
    i32.const 36
    i32.const 99
    call $fd_datasync
    i32.store
    i32.const 40
    i32.const 99
    i32.const 1024
    call $fd_fdstat_get
    i32.store
    i32.const 44
    i32.const 99
    i32.const 1024
    call $fd_fdstat_set_flags
    i32.store
    i32.const 48
    i32.const 99
    i64.const 0
    i64.const 0
    call $fd_fdstat_set_rights
    i32.store
    i32.const 52
    i32.const 99
    i32.const 1024
    call $fd_filestat_get
    i32.store
    i32.const 56
    i32.const 99
    i64.const 0
    call $fd_filestat_set_size
    i32.store
    i32.const 60
    i32.const 99
    i64.const 0
    i64.const 0
    i32.const 1024
    call $fd_filestat_set_times
    i32.store
    i32.const 64
    i32.const 99
    i32.const 1024
    i32.const 1024
    i64.const 0
    i32.const 1024
    call $fd_pread
    i32.store
    i32.const 68
    i32.const 99
    i32.const 1024
    call $fd_prestat_get
    i32.store
    i32.const 72
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $fd_prestat_dir_name
    i32.store
    i32.const 76
    i32.const 99
    i32.const 1024
    i32.const 1024
    i64.const 0
    i32.const 1024
    call $fd_pwrite
    i32.store
    i32.const 80
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $fd_read
    i32.store
    i32.const 84
    i32.const 99
    i32.const 1024
    i32.const 1024
    i64.const 0
    i32.const 1024
    call $fd_readdir
    i32.store
    i32.const 88
    i32.const 99
    i32.const 1024
    call $fd_renumber
    i32.store
    i32.const 92
    i32.const 99
    i64.const 0
    i32.const 1024
    i32.const 1024
    call $fd_seek
    i32.store
    i32.const 96
    i32.const 99
    call $fd_sync
    i32.store
    i32.const 100
    i32.const 99
    i32.const 1024
    call $fd_tell
    i32.store
    i32.const 104
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $fd_write
    i32.store
    i32.const 108
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $path_create_directory
    i32.store
    i32.const 112
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $path_filestat_get
    i32.store
    i32.const 116
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i64.const 0
    i64.const 0
    i32.const 1024
    call $path_filestat_set_times
    i32.store
    i32.const 120
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $path_link
    i32.store
    i32.const 124
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i64.const 0
    i64.const 0
    i32.const 1024
    i32.const 1024
    call $path_open
    i32.store
    i32.const 128
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $path_readlink
    i32.store
    i32.const 132
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $path_remove_directory
    i32.store
    i32.const 136
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $path_rename
    i32.store
    i32.const 140
    i32.const 1024
    i32.const 1024
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $path_symlink
    i32.store
    i32.const 144
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $path_unlink_file
    i32.store
    i32.const 148
    i32.const 1024
    i32.const 1024
    i32.const 0
    i32.const 1024
    call $poll_oneoff
    i32.store
    i32.const 152
    i32.const 1024
    call $proc_raise
    i32.store
    i32.const 156
    call $sched_yield
    i32.store
    i32.const 160
    i32.const 1024
    i32.const 1024
    call $random_get
    i32.store
    i32.const 164
    i32.const 99
    i32.const 1024
    i32.const 1024
    call $sock_accept
    i32.store
    i32.const 168
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $sock_recv
    i32.store
    i32.const 172
    i32.const 99
    i32.const 1024
    i32.const 1024
    i32.const 1024
    i32.const 1024
    call $sock_send
    i32.store
    i32.const 176
    i32.const 99
    i32.const 1024
    call $sock_shutdown
    i32.store
    i32.const 1024
    i32.const 0
    i32.const 1024
    memory.fill
  )
  (func (;47;) (type 4) (param i32) (result i32)
    local.get 0
    i32.const 4
    i32.mul
    i32.load
  )
  (data (;0;) (i32.const 16) "\1c\00\00\00\1c\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\08\00\00\00\1c\00\00\004")
  (data (;1;) (i32.const 164) "\08\00\00\00\08\00\00\00\08\00\00\00\08")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
