;; Init fails after answered WASI 0.2 calls of a core module: the replay
;; hands back their answers (running `cabi_realloc` again), so the failure
;; is traced.
;; args: --allow-wasi --env A=b
;; error
(module
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $heap))
    (global.set $heap (i32.add (local.get $at) (i32.add (local.get 3) (i32.const 8))))
    (local.get $at))
  (func $check (param $count i32)
    (if (i32.eq (local.get $count) (i32.const 1)) (then unreachable)))
  (func (export "wizer.initialize")
    (call $env (i32.const 16))
    (call $check (i32.load (i32.const 20)))))
