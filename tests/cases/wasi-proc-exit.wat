;; `proc_exit` during init stops it with an error giving the exit code.
;; args: --allow-wasi
;; error
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "wizer.initialize") (call $exit (i32.const 3))))
