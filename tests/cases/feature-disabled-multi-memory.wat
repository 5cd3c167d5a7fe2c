;; `--wasm-multi-memory false` rejects a second memory.
;; args: --wasm-multi-memory false
;; error
(module (memory 1) (memory 1) (func (export "wizer.initialize")))
