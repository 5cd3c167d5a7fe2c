;; `-f NAME` picks the init function.
;; args: -f setup
;; invoke: value() -> 9
;; invoke: wizer.initialize() -> trap
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "setup") (global.set $v (i32.const 9)))
  (func (export "wizer.initialize") unreachable)
  (func (export "value") (result i32) (global.get $v)))
