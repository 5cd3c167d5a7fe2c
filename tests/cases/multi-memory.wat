;; Several memories: each gets its own size and segments.
;; node: skip Node 20 has no multi-memory
;; invoke: load0(1) -> 11
;; invoke: load1(70000) -> 22
;; invoke: load2(0) -> 0
;; invoke: size1() -> 2
(module
  (memory $a (export "a") 1)
  (memory $b (export "b") 1 4)
  (memory $c (export "c") 1)
  (data (memory $b) (i32.const 0) "bbb")
  (func (export "wizer.initialize")
    (i32.store8 $a (i32.const 1) (i32.const 11))
    (drop (memory.grow $b (i32.const 1)))
    (i32.store8 $b (i32.const 70000) (i32.const 22)))
  (func (export "load0") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "load1") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "load2") (param i32) (result i32) (i32.load8_u $c (local.get 0)))
  (func (export "size1") (result i32) (memory.size $b)))
