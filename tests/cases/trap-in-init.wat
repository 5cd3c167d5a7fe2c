;; A trap in the init function is an error naming the phase and the trap.
;; error
(module
  (func (export "wizer.initialize") (drop (i32.div_u (i32.const 1) (i32.const 0)))))
