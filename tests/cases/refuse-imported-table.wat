;; Imported tables are refused.
;; error
(module
  (import "env" "table" (table 1 funcref))
  (func (export "wizer.initialize")))
