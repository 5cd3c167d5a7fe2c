;; Without `--allow-wasi`, a core module's WASI 0.2 call is named, with its
;; interface and version, and the flag that lets it through.
;; error
(module
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (param i32)))
  (memory (export "memory") 1)
  (func (export "wizer.initialize") (call $env (i32.const 16))))
