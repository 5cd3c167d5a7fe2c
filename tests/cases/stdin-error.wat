;; A module on stdin whose init traps: the error is reported, and nothing
;; reaches stdout, where the module would have gone.
;; stdin
;; error
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "state")
  (func (export "wizer.initialize")
    (i32.store (i32.const 0) (i32.const 7))
    unreachable))
