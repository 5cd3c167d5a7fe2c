;; `data.drop` is refused by the static scan, even in a function init never calls.
;; error
(module
  (table $t 2 funcref)
  (memory 1)
  (elem $e func $unused)
  (data $d "x")
  (func (export "wizer.initialize"))
  (func $unused (data.drop $d)))
