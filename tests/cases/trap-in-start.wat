;; A trap in the start function names the start function.
;; error
(module
  (func $start unreachable)
  (start $start)
  (func (export "wizer.initialize")))
