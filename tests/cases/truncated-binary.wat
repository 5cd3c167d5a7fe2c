;; A binary cut short is invalid.
;; input: truncated 30
;; error
(module
  (memory 1)
  (func (export "wizer.initialize") (i32.store (i32.const 0) (i32.const 1))))
