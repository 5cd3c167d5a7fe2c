;; The very last byte of memory is captured.
;; invoke: load(65535) -> 255
;; invoke: load(65534) -> 0
(module
  (memory 1)
  (func (export "wizer.initialize") (i32.store8 (i32.const 65535) (i32.const 255)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
