;; An unknown feature name is an error.
;; args: --features gc
;; error
(module (func (export "wizer.initialize")))
