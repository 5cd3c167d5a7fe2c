;; With `--allow-wasi`, a WASI 0.2 function the host does not implement is
;; named with its interface and version; no message claims the flag is
;; missing.
;; args: --allow-wasi
;; error
(module
  (import "wasi:sockets/instance-network@0.2.0" "instance-network" (func $net (result i32)))
  (memory (export "memory") 1)
  (func (export "wizer.initialize") (drop (call $net))))
