;; `table.set` is refused by the static scan, even in a function init never calls.
;; error
(module
  (table $t 2 funcref)
  (memory 1)
  (elem $e func $unused)
  (data $d "x")
  (func (export "wizer.initialize"))
  (func $unused (table.set $t (i32.const 0) (ref.null func))))
