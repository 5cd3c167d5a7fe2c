;; `data.drop` that init never runs: the segment keeps its bytes, and a
;; drop after the snapshot behaves as in the original.
;; invoke: from_seg() -> 27503
;; invoke: drop()
;; invoke: from_seg() -> trap
(module
  (memory (export "memory") 1)
  (data $seg "ok")
  (func (export "wizer.initialize"))
  (func (export "drop") (data.drop $seg))
  (func (export "from_seg") (result i32)
    (memory.init $seg (i32.const 0) (i32.const 0) (i32.const 2))
    (i32.load16_u (i32.const 0))))
