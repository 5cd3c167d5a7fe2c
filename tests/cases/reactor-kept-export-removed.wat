;; `_initialize` is removed once called, even with `--keep-init-func`; the
;; init function itself is kept.
;; args: --keep-init-func
;; invoke: log() -> 12
;; invoke: wizer.initialize()
;; invoke: log() -> 122
(module
  (global $log (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (i32.const 1))))
  (func (export "wizer.initialize")
    (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (i32.const 2))))
  (func (export "log") (result i32) (global.get $log)))
