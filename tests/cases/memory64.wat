;; memory64: sizes and offsets are 64-bit; segments use `i64.const` offsets.
;; invoke: load(70000) -> 42
;; invoke: size() -> 2
(module
  (memory (export "mem") i64 1)
  (data (i64.const 8) "m64")
  (func (export "wizer.initialize")
    (drop (memory.grow (i64.const 1)))
    (i64.store8 (i64.const 70000) (i64.const 42)))
  (func (export "load") (param i64) (result i64) (i64.load8_u (local.get 0)))
  (func (export "size") (result i64) (memory.size)))
