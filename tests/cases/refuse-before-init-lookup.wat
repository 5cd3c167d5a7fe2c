;; Refusals come before the init function lookup: this module has no init
;; function, and the error is about the instruction.
;; error
(module
  (memory 1)
  (data $d "x")
  (func (data.drop $d)))
