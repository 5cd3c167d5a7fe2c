;; A preload file that does not exist is an error naming it.
;; args: --preload env=absent.wasm
;; error
(module (func (export "wizer.initialize")))
