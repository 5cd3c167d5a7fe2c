;; Without `memory.init`, nothing can reach a data segment by its index, so
;; the snapshot's segments replace the original ones: the active ones were
;; applied already and the passive one is unreachable. The name section's
;; data names go with them.
;; invoke: load(0) -> 104
;; invoke: load(10) -> 87
;; invoke: load(200) -> 33
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "hello")
  (data $p "PASSIVE")
  (data (i32.const 10) "world")
  (func (export "wizer.initialize")
    (i32.store8 (i32.const 200) (i32.const 33))
    (i32.store8 (i32.const 10) (i32.const 87)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
