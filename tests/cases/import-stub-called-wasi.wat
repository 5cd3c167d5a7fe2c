;; Without `--allow-wasi`, calling a WASI function during init fails with an
;; error naming it.
;; error
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory 1)
  (func (export "wizer.initialize") (drop (call $random (i32.const 0) (i32.const 8)))))
