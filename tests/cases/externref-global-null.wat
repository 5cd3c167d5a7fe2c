;; A mutable externref global that stays null is written back as
;; `ref.null extern`; an externref table of nulls is fine too.
;; invoke: is_null() -> 1
(module
  (global $e (mut externref) (ref.null extern))
  (table $x 2 externref)
  (func (export "is_null") (result i32) (ref.is_null (global.get $e)))
  (func (export "wizer.initialize")
    (global.set $e (table.get $x (i32.const 1)))))
