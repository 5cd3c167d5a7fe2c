;; Imported globals are refused.
;; error
(module
  (import "env" "g" (global i32))
  (func (export "wizer.initialize")))
