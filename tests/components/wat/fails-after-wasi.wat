;; Init calls WASI 0.2 (get-environment), then traps: with --allow-wasi
;; the call is answered, and the replay hands the answer back (the guest's
;; `realloc` runs again, the bytes are written again).
(component
  (import "wasi:cli/environment@0.2.0" (instance $env (export "get-environment" (func (result (list (tuple string string)))))))
  (alias export $env "get-environment" (func $ge))
  (core module $mem (memory (export "memory") 1) (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64))
  (core instance $m (instantiate $mem))
  (alias core export $m "memory" (core memory $memory))
  (alias core export $m "realloc" (core func $realloc))
  (core func $ge-core (canon lower (func $ge) (memory $memory) (realloc $realloc)))
  (core module $main
    (import "env" "get" (func $get (param i32)))
    (global (mut i32) (i32.const 0))
    (func (export "init") (call $get (i32.const 128)) (unreachable)))
  (core instance $i (instantiate $main (with "env" (instance (export "get" (func $ge-core))))))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
