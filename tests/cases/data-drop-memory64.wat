;; `data.drop` in a 64-bit memory: the dropped segment is empty in the
;; snapshot; the kept one still copies.
;; invoke: from_dropped() -> trap
;; invoke: from_kept() -> 89
;; invoke: first() -> 88
(module
  (memory (export "memory") i64 1)
  (data $x "X")
  (data $y "Y")
  (func (export "wizer.initialize")
    (memory.init $x (i64.const 0) (i32.const 0) (i32.const 1))
    (data.drop $x))
  (func (export "from_dropped")
    (memory.init $x (i64.const 8) (i32.const 0) (i32.const 1)))
  (func (export "from_kept") (result i32)
    (memory.init $y (i64.const 8) (i32.const 0) (i32.const 1))
    (i32.load8_u (i64.const 8)))
  (func (export "first") (result i32) (i32.load8_u (i64.const 0))))
