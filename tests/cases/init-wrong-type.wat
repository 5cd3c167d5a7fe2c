;; The init function must be `[] -> []`.
;; error
(module (func (export "wizer.initialize") (param i32) (result i64) (i64.const 0)))
