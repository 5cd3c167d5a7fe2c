;; A trap in `_initialize` names `_initialize`.
;; error
(module
  (memory 1)
  (func (export "_initialize") (drop (i32.load (i32.const 70000))))
  (func (export "wizer.initialize")))
