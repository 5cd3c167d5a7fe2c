;; Calling an import nothing provides fails, naming the import.
;; error
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "wizer.initialize") (call $log (i32.const 1))))
