;; `sub/..` that stays inside the preopen works.
;; args: --allow-wasi --dir sandbox
;; no-oracle: init needs WASI
;; mkdir: sandbox/sub
;; file: secret.txt TOPSECRET
;; file: sandbox/inside.txt hello
;; invoke: errno() -> 0
;; invoke: nread() -> 5
;; invoke: byte(0) -> 104
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "sub/../inside.txt")
  (global $errno (mut i32) (i32.const -1))
  (global $nread (mut i32) (i32.const -1))
  (func (export "wizer.initialize")
    ;; Open for reading, following symlinks, beneath preopen 3.
    (global.set $errno (call $open (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 17)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 512)))
    (if (i32.eqz (global.get $errno)) (then
      (i32.store (i32.const 520) (i32.const 1024))
      (i32.store (i32.const 524) (i32.const 64))
      (drop (call $read (i32.load (i32.const 512)) (i32.const 520) (i32.const 1) (i32.const 516)))
      (global.set $nread (i32.load (i32.const 516)))))
    ;; Forget the descriptor table scratch.
    (memory.fill (i32.const 512) (i32.const 0) (i32.const 16)))
  (func (export "errno") (result i32) (global.get $errno))
  (func (export "nread") (result i32) (global.get $nread))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (i32.add (i32.const 1024) (local.get 0)))))
