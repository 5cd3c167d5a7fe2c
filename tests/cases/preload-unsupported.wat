;; `--preload` is not supported yet: a clear error, not a silent no-op.
;; args: --preload env=other.wasm
;; error
(module (func (export "wizer.initialize")))
