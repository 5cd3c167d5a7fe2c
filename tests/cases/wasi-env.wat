;; `--env` gives the guest variables (and nothing else, without
;; `--inherit-env`); reading them warns that they are frozen.
;; args: --allow-wasi --env GREETING=hi --env N=42
;; no-oracle: init needs WASI
;; invoke: count() -> 2
;; invoke: byte(0) -> 71
;; invoke: byte(12) -> 78
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const -1))
  (func (export "wizer.initialize")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (global.set $count (i32.load (i32.const 0)))
    (drop (call $get (i32.const 16) (i32.const 1024)))
    ;; No arguments: argc is 0.
    (drop (call $args (i32.const 8) (i32.const 12)))
    (if (i32.load (i32.const 8)) (then unreachable))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 64)))
  (func (export "count") (result i32) (global.get $count))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (i32.add (i32.const 1024) (local.get 0)))))
