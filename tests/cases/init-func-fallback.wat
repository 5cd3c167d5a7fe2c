;; Without `-f`, `wizer-initialize` (the Wasmtime-maintained Wizer's name)
;; is used when `wizer.initialize` is not exported.
;; invoke: value() -> 3
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer-initialize") (global.set $v (i32.const 3)))
  (func (export "value") (result i32) (global.get $v)))
