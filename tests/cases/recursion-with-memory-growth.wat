;; Regression (found by fuzzing `any_bytes`): recursion that grows memory at
;; every level made wasmi re-enter its executor natively, about 200 bytes of
;; native stack per level, and overflowed the process stack (an abort)
;; before `--max-call-depth` was reached. Initialization now runs on a
;; thread with room for the whole call depth: the result is the usual error.
;; error
(module
  (memory 1 (pagesize 1))
  (func $f (export "wizer.initialize")
    (drop (memory.grow (i32.const 200)))
    (call $f)))
