;; Imported memories are refused, naming the import.
;; error
(module
  (import "env" "memory" (memory 1))
  (func (export "wizer.initialize")))
