;; Two renames to the same DST are an error.
;; args: -r a=b -r a=c
;; error
(module (func (export "wizer.initialize")) (func (export "b")) (func (export "c")))
