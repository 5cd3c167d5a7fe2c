;; Bad guest pointers and lengths, to every family of WASI calls, return
;; EFAULT (21) and never crash the host. Each result is stored at 4*i.
;; args: --allow-wasi --dir sandbox --env A=1
;; no-oracle: init needs WASI
;; mkdir: sandbox
;; file: sandbox/f.txt x
;; invoke: e(0) -> 21
;; invoke: e(1) -> 21
;; invoke: e(2) -> 21
;; invoke: e(3) -> 21
;; invoke: e(4) -> 21
;; invoke: e(5) -> 21
;; invoke: e(6) -> 21
;; invoke: e(7) -> 21
;; invoke: e(8) -> 21
;; invoke: e(9) -> 21
;; invoke: e(10) -> 21
;; invoke: e(11) -> 21
;; invoke: e(12) -> 21
;; invoke: e(13) -> 21
;; invoke: e(14) -> 21
;; invoke: e(15) -> 21
;; invoke: e(16) -> 21
;; invoke: e(17) -> 21
;; invoke: e(18) -> 21
;; invoke: e(19) -> 21
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $prestat_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $filestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_stat (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $unlink (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $symlink (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1000) "f.txt")
  (func $at (param i32 i32) (i32.store (i32.mul (local.get 0) (i32.const 4)) (local.get 1)))
  (func (export "wizer.initialize")
    (local $bad i32)
    ;; Just below the end of the 64 KiB memory: every 4- or 8-byte write
    ;; there runs past the end.
    (local.set $bad (i32.const 65534))
    (call $at (i32.const 0) (call $args_sizes (local.get $bad) (i32.const 200)))
    (call $at (i32.const 1) (call $environ_get (i32.const -4) (i32.const 200)))
    (call $at (i32.const 2) (call $time (i32.const 0) (i64.const 1) (local.get $bad)))
    (call $at (i32.const 3) (call $random (i32.const 65000) (i32.const 1000)))
    (call $at (i32.const 4) (call $poll (i32.const 65500) (i32.const 200) (i32.const 2) (i32.const 300)))
    ;; An iovec array past the end, and an iovec whose buffer is.
    (call $at (i32.const 5) (call $write (i32.const 1) (i32.const 65530) (i32.const 2) (i32.const 300)))
    (i32.store (i32.const 400) (i32.const 65000))
    (i32.store (i32.const 404) (i32.const 4096))
    (call $at (i32.const 6) (call $write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 300)))
    (call $at (i32.const 7) (call $prestat (i32.const 3) (local.get $bad)))
    (call $at (i32.const 8) (call $prestat_name (i32.const 3) (i32.const 65533) (i32.const 7)))
    (call $at (i32.const 9) (call $fdstat (i32.const 1) (i32.const 65520)))
    (call $at (i32.const 10) (call $filestat (i32.const 3) (i32.const 65500)))
    (call $at (i32.const 11) (call $readdir (i32.const 3) (i32.const 65000) (i32.const 4096) (i64.const 0) (i32.const 300)))
    ;; A path whose bytes run past the end.
    (call $at (i32.const 12) (call $open (i32.const 3) (i32.const 0) (i32.const 65530) (i32.const 100)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 300)))
    ;; A good path, a bad result pointer.
    (call $at (i32.const 13) (call $open (i32.const 3) (i32.const 0) (i32.const 1000) (i32.const 5)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (local.get $bad)))
    (call $at (i32.const 14) (call $path_stat (i32.const 3) (i32.const 0) (i32.const 1000) (i32.const 5) (i32.const 65500)))
    (call $at (i32.const 15) (call $readlink (i32.const 3) (i32.const 1000) (i32.const 5) (i32.const 65000) (i32.const 4096) (i32.const 300)))
    (call $at (i32.const 16) (call $mkdir (i32.const 3) (i32.const -1) (i32.const 2)))
    (call $at (i32.const 17) (call $unlink (i32.const 3) (i32.const 65535) (i32.const 2)))
    (call $at (i32.const 18) (call $symlink (i32.const 65535) (i32.const 9) (i32.const 3) (i32.const 1000) (i32.const 5)))
    ;; A bad iovec for reading stdin, and a bad seek result pointer.
    (call $at (i32.const 19) (call $read (i32.const 0) (i32.const -8) (i32.const 1) (i32.const 300)))
    (drop (call $seek (i32.const 0) (i64.const 0) (i32.const 0) (local.get $bad)))
    (drop (call $pread (i32.const 3) (i32.const 400) (i32.const 1) (i64.const 0) (i32.const 300))))
  (func (export "e") (param i32) (result i32) (i32.load (i32.mul (local.get 0) (i32.const 4)))))
