;; `-f` names an export that does not exist.
;; args: -f setup
;; error
(module (func (export "wizer.initialize")))
