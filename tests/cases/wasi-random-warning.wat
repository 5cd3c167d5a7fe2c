;; Without `--deterministic`, drawing randomness or reading the clock during
;; init is reported: those values are frozen into every instance.
;; args: --allow-wasi
;; no-oracle: init needs WASI
;; invoke: ok() -> 0
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $ok (mut i32) (i32.const -1))
  (func (export "wizer.initialize")
    (global.set $ok (i32.or
      (call $random (i32.const 0) (i32.const 32))
      (call $time (i32.const 0) (i64.const 1) (i32.const 0))))
    ;; Forget what was drawn, so the snapshot itself is reproducible.
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 32)))
  (func (export "ok") (result i32) (global.get $ok)))
