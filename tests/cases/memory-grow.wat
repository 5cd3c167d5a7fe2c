;; Memory grown during initialization: the minimum becomes the current size,
;; the maximum is kept, and bytes written in the new pages are captured.
;; invoke: size() -> 3
;; invoke: load(131072) -> 7
;; invoke: grow() -> 3
;; invoke: grow() -> 4
;; invoke: grow() -> -1
(module
  (memory (export "mem") 1 5)
  (func (export "wizer.initialize")
    (drop (memory.grow (i32.const 2)))
    (i32.store8 (i32.const 131072) (i32.const 7)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))
