;; Every `--wasm-<feature> true` flag is accepted.
;; args: --wasm-multi-value true --wasm-bulk-memory true --wasm-reference-types true --wasm-simd true --wasm-relaxed-simd true --wasm-tail-call true --wasm-extended-const true --wasm-multi-memory true --wasm-memory64 true --wasm-mutable-global true --wasm-sign-extension true --wasm-saturating-float-to-int true --wasm-wide-arithmetic true --wasm-custom-page-sizes true
;; invoke: v() -> 1
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 1)))
  (func (export "v") (result i32) (global.get $v)))
