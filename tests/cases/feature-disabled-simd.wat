;; `--wasm-simd false` rejects SIMD at validation.
;; args: --wasm-simd false
;; error
(module (func (export "wizer.initialize") (drop (v128.const i64x2 0 0))))
