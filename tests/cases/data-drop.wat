;; `data.drop` during init: the dropped passive segment is empty in the
;; snapshot, so `memory.init` from it traps (or copies nothing, with a
;; length of 0), as in the original; the segment init did not drop keeps its
;; bytes, and the dropped active one (a no-op) stays empty.
;; invoke: from_dropped() -> trap
;; invoke: from_dropped_nothing()
;; invoke: from_kept() -> 1953523051
;; invoke: first() -> 1953523051
(module
  (memory (export "memory") 1)
  (data $kept "kept")
  (data $dropped "gone")
  (data $active (i32.const 100) "active")
  (func (export "wizer.initialize")
    (memory.init $kept (i32.const 0) (i32.const 0) (i32.const 4))
    (data.drop $dropped)
    (data.drop $active))
  (func (export "from_dropped")
    (memory.init $dropped (i32.const 16) (i32.const 0) (i32.const 1)))
  (func (export "from_dropped_nothing")
    (memory.init $dropped (i32.const 16) (i32.const 0) (i32.const 0)))
  (func (export "from_kept") (result i32)
    (memory.init $kept (i32.const 8) (i32.const 0) (i32.const 4))
    (i32.load (i32.const 8)))
  (func (export "first") (result i32) (i32.load (i32.const 0))))
