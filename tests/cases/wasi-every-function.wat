;; Every WASI preview1 function is linked (46 plus `proc_exit`): called with
;; descriptor 99, which does not exist, each returns an errno (mostly EBADF, 8)
;; and none traps as an unlinked import would.
;; args: --allow-wasi
;; no-oracle: init needs WASI
;; invoke: e(0) -> 0
;; invoke: e(1) -> 0
;; invoke: e(2) -> 0
;; invoke: e(3) -> 0
;; invoke: e(4) -> 28
;; invoke: e(5) -> 28
;; invoke: e(6) -> 8
;; invoke: e(7) -> 8
;; invoke: e(8) -> 8
;; invoke: e(9) -> 8
;; invoke: e(10) -> 8
;; invoke: e(11) -> 8
;; invoke: e(12) -> 8
;; invoke: e(13) -> 8
;; invoke: e(14) -> 8
;; invoke: e(15) -> 8
;; invoke: e(16) -> 8
;; invoke: e(17) -> 8
;; invoke: e(18) -> 8
;; invoke: e(19) -> 8
;; invoke: e(20) -> 8
;; invoke: e(21) -> 8
;; invoke: e(22) -> 8
;; invoke: e(23) -> 8
;; invoke: e(24) -> 8
;; invoke: e(25) -> 8
;; invoke: e(26) -> 8
;; invoke: e(27) -> 8
;; invoke: e(28) -> 8
;; invoke: e(29) -> 8
;; invoke: e(30) -> 8
;; invoke: e(31) -> 8
;; invoke: e(32) -> 8
;; invoke: e(33) -> 8
;; invoke: e(34) -> 8
;; invoke: e(35) -> 8
;; invoke: e(36) -> 8
;; invoke: e(37) -> 28
;; invoke: e(38) -> 52
;; invoke: e(39) -> 0
;; invoke: e(40) -> 0
;; invoke: e(41) -> 8
;; invoke: e(42) -> 8
;; invoke: e(43) -> 8
;; invoke: e(44) -> 8
(module
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_datasync" (func $fd_datasync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $fd_fdstat_set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_sync" (func $fd_sync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $sock_shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "wizer.initialize")
    (i32.store (i32.const 0) (call $args_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 4) (call $args_sizes_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 8) (call $environ_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 12) (call $environ_sizes_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 16) (call $clock_res_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 20) (call $clock_time_get (i32.const 1024) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 24) (call $fd_advise (i32.const 99) (i64.const 0) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 28) (call $fd_allocate (i32.const 99) (i64.const 0) (i64.const 0)))
    (i32.store (i32.const 32) (call $fd_close (i32.const 99)))
    (i32.store (i32.const 36) (call $fd_datasync (i32.const 99)))
    (i32.store (i32.const 40) (call $fd_fdstat_get (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 44) (call $fd_fdstat_set_flags (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 48) (call $fd_fdstat_set_rights (i32.const 99) (i64.const 0) (i64.const 0)))
    (i32.store (i32.const 52) (call $fd_filestat_get (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 56) (call $fd_filestat_set_size (i32.const 99) (i64.const 0)))
    (i32.store (i32.const 60) (call $fd_filestat_set_times (i32.const 99) (i64.const 0) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 64) (call $fd_pread (i32.const 99) (i32.const 1024) (i32.const 1024) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 68) (call $fd_prestat_get (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 72) (call $fd_prestat_dir_name (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 76) (call $fd_pwrite (i32.const 99) (i32.const 1024) (i32.const 1024) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 80) (call $fd_read (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 84) (call $fd_readdir (i32.const 99) (i32.const 1024) (i32.const 1024) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 88) (call $fd_renumber (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 92) (call $fd_seek (i32.const 99) (i64.const 0) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 96) (call $fd_sync (i32.const 99)))
    (i32.store (i32.const 100) (call $fd_tell (i32.const 99) (i32.const 1024)))
    (i32.store (i32.const 104) (call $fd_write (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 108) (call $path_create_directory (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 112) (call $path_filestat_get (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 116) (call $path_filestat_set_times (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i64.const 0) (i64.const 0) (i32.const 1024)))
    (i32.store (i32.const 120) (call $path_link (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 124) (call $path_open (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i64.const 0) (i64.const 0) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 128) (call $path_readlink (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 132) (call $path_remove_directory (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 136) (call $path_rename (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 140) (call $path_symlink (i32.const 1024) (i32.const 1024) (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 144) (call $path_unlink_file (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 148) (call $poll_oneoff (i32.const 1024) (i32.const 1024) (i32.const 0) (i32.const 1024)))
    (i32.store (i32.const 152) (call $proc_raise (i32.const 1024)))
    (i32.store (i32.const 156) (call $sched_yield ))
    (i32.store (i32.const 160) (call $random_get (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 164) (call $sock_accept (i32.const 99) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 168) (call $sock_recv (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 172) (call $sock_send (i32.const 99) (i32.const 1024) (i32.const 1024) (i32.const 1024) (i32.const 1024)))
    (i32.store (i32.const 176) (call $sock_shutdown (i32.const 99) (i32.const 1024)))
    (memory.fill (i32.const 1024) (i32.const 0) (i32.const 1024)))
  (func (export "e") (param i32) (result i32) (i32.load (i32.mul (local.get 0) (i32.const 4)))))
