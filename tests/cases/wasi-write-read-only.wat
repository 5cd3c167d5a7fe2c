;; A read-only preopen refuses to create a file: EROFS (WASI 0.2's
;; `read-only`), not ENOTCAPABLE, which means an escape; nothing written.
;; args: --allow-wasi --dir-read-only sandbox
;; no-oracle: init needs WASI
;; mkdir: sandbox/sub
;; expect-no-file: sandbox/sub/new.txt
;; invoke: errno() -> 69
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "sub/new.txt")
  (data (i32.const 100) "data")
  (global $errno (mut i32) (i32.const -1))
  (func (export "wizer.initialize")
    ;; O_CREAT|O_TRUNC with write rights, following symlinks.
    (global.set $errno (call $open (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 11)
      (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 512)))
    (if (i32.eqz (global.get $errno)) (then
      (i32.store (i32.const 520) (i32.const 100))
      (i32.store (i32.const 524) (i32.const 4))
      (drop (call $write (i32.load (i32.const 512)) (i32.const 520) (i32.const 1) (i32.const 516)))
      (drop (call $close (i32.load (i32.const 512))))))
    (memory.fill (i32.const 512) (i32.const 0) (i32.const 16)))
  (func (export "errno") (result i32) (global.get $errno)))
