;; A WASI reactor: `_initialize` runs once before the init function and is
;; removed from the output so that a runtime does not call it again.
;; invoke: log() -> 12
(module
  (global $log (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (i32.const 1))))
  (func (export "wizer.initialize")
    (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (i32.const 2))))
  (func (export "log") (result i32) (global.get $log)))
