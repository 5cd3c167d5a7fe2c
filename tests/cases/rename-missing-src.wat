;; Renaming an export the module does not have is an error.
;; args: -r run=nope
;; error
(module (func (export "wizer.initialize")))
