;; `--features` takes a wasm-tools style list; `-name` disables.
;; args: --features=-memory64,simd
;; error
(module (memory i64 1) (func (export "wizer.initialize")))
