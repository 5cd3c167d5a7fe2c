;; Refusals come before the init function lookup: this module has no init
;; function, and the error is about the instruction.
;; error
(module
  (table $t 1 funcref)
  (func (table.set $t (i32.const 0) (ref.null func))))
