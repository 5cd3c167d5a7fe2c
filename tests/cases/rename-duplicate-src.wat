;; Two renames of the same SRC are an error.
;; args: -r a=c -r b=c
;; error
(module (func (export "wizer.initialize")) (func (export "c")))
