;; Runs separated by short zero gaps merge into one segment (the gap costs
;; less than a segment header); runs far apart stay separate.
;; invoke: load(0) -> 1
;; invoke: load(3) -> 2
;; invoke: load(1000) -> 3
(module
  (memory 1)
  (func (export "wizer.initialize")
    (i32.store8 (i32.const 0) (i32.const 1))
    (i32.store8 (i32.const 3) (i32.const 2))
    (i32.store8 (i32.const 1000) (i32.const 3)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
