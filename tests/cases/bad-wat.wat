;; WAT with a syntax error.
;; input: text
;; error
(module (func (export "wizer.initialize") (i32.bogus)))
