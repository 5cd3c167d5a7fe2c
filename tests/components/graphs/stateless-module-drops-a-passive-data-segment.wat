;; $b has no memory or global of its own, but init drops its passive data
;; segment: it is snapshotted, so that `memory.init` from the segment
;; traps afterwards as it does after init (it once passed through, and the
;; snapshot copied the byte again).
(component
  (core module $a
    (memory (export "memory") 1)
    (func (export "read") (result i32) (i32.load8_u (i32.const 8))))
  (core module $b
    (import "a" "memory" (memory 1))
    (data $p "\07")
    (func (export "init")
      (memory.init $p (i32.const 8) (i32.const 0) (i32.const 1))
      (data.drop $p))
    (func (export "again") (result i32)
      (memory.init $p (i32.const 9) (i32.const 0) (i32.const 1))
      (i32.const 1)))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "wizer-initialize") (canon lift (core func $ib "init")))
  (func (export "read") (result u32) (canon lift (core func $ia "read")))
  (func (export "again") (result u32) (canon lift (core func $ib "again"))))
