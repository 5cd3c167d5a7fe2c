;; A refusal names the function by its name-section name when there is one.
;; error
(module
  (table $t 1 funcref)
  (func (export "wizer.initialize"))
  (func $reset_table (table.set $t (i32.const 0) (ref.null func))))
