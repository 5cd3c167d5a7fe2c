;; A large memory with a few bytes set far apart: only those bytes become
;; data, and the memory keeps its size.
;; golden: summary
;; invoke: load(0) -> 1
;; invoke: load(33554432) -> 2
;; invoke: load(67108863) -> 3
(module
  (memory 1024)
  (func (export "wizer.initialize")
    (i32.store8 (i32.const 0) (i32.const 1))
    (i32.store8 (i32.const 33554432) (i32.const 2))
    (i32.store8 (i32.const 67108863) (i32.const 3)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
