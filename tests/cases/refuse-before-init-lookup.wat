;; Refusals come before the init function lookup: this module has no init
;; function, and the error is about its imported memory.
;; error
(module
  (import "env" "memory" (memory 1)))
