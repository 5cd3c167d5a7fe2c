;; A rename without `=` is an error.
;; args: -r justaname
;; error
(module (func (export "wizer.initialize")))
