;; A WASI 0.2 function that returns a list needs the module's
;; `cabi_realloc`: without one, the error names the function.
;; args: --allow-wasi --env A=b
;; error
(module
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (param i32)))
  (memory (export "memory") 1)
  (func (export "wizer.initialize") (call $env (i32.const 16))))
