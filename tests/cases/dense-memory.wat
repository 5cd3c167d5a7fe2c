;; A memory full of non-zero bytes becomes one segment.
;; golden: summary
;; invoke: load(131071) -> 171
(module
  (memory 2)
  (func (export "wizer.initialize")
    (memory.fill (i32.const 0) (i32.const 0xab) (i32.const 131072)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
