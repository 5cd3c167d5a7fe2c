;; A memory with 1-byte pages: sizes are counted in its own pages.
;; node: skip Node 20 has no custom page sizes
;; invoke: size() -> 300
;; invoke: load(299) -> 5
(module
  (memory 100 (pagesize 1))
  (func (export "wizer.initialize")
    (drop (memory.grow (i32.const 200)))
    (i32.store8 (i32.const 299) (i32.const 5)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
