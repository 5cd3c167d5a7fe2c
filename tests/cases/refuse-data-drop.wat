;; `data.drop` is refused by the static scan, even in a function init never
;; calls: whether the segment was dropped cannot be read back.
;; error
(module
  (memory 1)
  (data $d "x")
  (func (export "wizer.initialize"))
  (func $unused (data.drop $d)))
