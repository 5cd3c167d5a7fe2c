;; A core module that imports WASI 0.2 itself (as Rust's wasm32-wasip2 std
;; does with `--skip-wit-component`): with `--allow-wasi` the WASI 0.2 host
;; serves it, lowering through the module's own memory and `cabi_realloc`,
;; on the same context as preview1 (the environment given, the
;; deterministic clock at one second).
;; args: --allow-wasi --deterministic --env A=b
;; no-oracle: init needs WASI
;; invoke: count() -> 1
;; invoke: name_byte() -> 65
;; invoke: value_byte() -> 98
;; invoke: mono() -> 1000000000
;; invoke: allocated() -> 1
(module
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.3" "now" (func $now (result i64)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $allocs (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  (global $name (mut i32) (i32.const 0))
  (global $value (mut i32) (i32.const 0))
  (global $mono (mut i64) (i64.const 0))
  ;; A bump allocator: (old ptr, old size, align, new size) -> ptr.
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (global.set $allocs (i32.const 1))
    (local.set $at
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $at) (local.get 3)))
    (local.get $at))
  (func (export "wizer.initialize")
    ;; list<tuple<string, string>> at 16: (ptr, len).
    (call $env (i32.const 16))
    (global.set $count (i32.load (i32.const 20)))
    ;; The first element: (name ptr, name len, value ptr, value len).
    (global.set $name (i32.load8_u (i32.load (i32.load (i32.const 16)))))
    (global.set $value
      (i32.load8_u (i32.load (i32.add (i32.load (i32.const 16)) (i32.const 8)))))
    (global.set $mono (call $now)))
  (func (export "count") (result i32) (global.get $count))
  (func (export "name_byte") (result i32) (global.get $name))
  (func (export "value_byte") (result i32) (global.get $value))
  (func (export "mono") (result i64) (global.get $mono))
  (func (export "allocated") (result i32) (global.get $allocs)))
