;; `data.drop` with several memories: a segment dropped after init copied
;; it into the second memory; another copied into the first is kept.
;; node: skip Node 20 has no multi-memory
;; invoke: second() -> 65
;; invoke: again_dropped() -> trap
;; invoke: again_kept() -> 66
(module
  (memory $m0 (export "m0") 1)
  (memory $m1 (export "m1") 1)
  (data $a "A")
  (data $b "B")
  (func (export "wizer.initialize")
    (memory.init $m1 $a (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop $a)
    (memory.init $m0 $b (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "second") (result i32) (i32.load8_u $m1 (i32.const 0)))
  (func (export "again_dropped")
    (memory.init $m0 $a (i32.const 4) (i32.const 0) (i32.const 1)))
  (func (export "again_kept") (result i32)
    (memory.init $m1 $b (i32.const 4) (i32.const 0) (i32.const 1))
    (i32.load8_u $m1 (i32.const 4))))
