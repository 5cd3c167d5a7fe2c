;; Unbounded recursion exhausts the call stack: an error, not a crash.
;; error
(module
  (func $down (call $down))
  (func (export "wizer.initialize") (call $down)))
