;; A mutable funcref global cannot be written back as a constant.
;; error
(module
  (global $g (mut funcref) (ref.null func))
  (func (export "wizer.initialize")))
