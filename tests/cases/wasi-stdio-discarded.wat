;; `--inherit-stdio false` discards the guest's output.
;; args: --allow-wasi --inherit-stdio false
;; no-oracle: init needs WASI
;; invoke: written() -> 6
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "hello\0aoops\0a")
  (global $written (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $written (i32.load (i32.const 8)))
    (i32.store (i32.const 0) (i32.const 106))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 12)))
  (func (export "written") (result i32) (global.get $written)))
