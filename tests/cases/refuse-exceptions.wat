;; The exception-handling proposal is rejected at validation.
;; error
(module
  (tag $e)
  (func (export "wizer.initialize") (throw $e)))
