;; When both names are exported, `wizer.initialize` is the init function and
;; `wizer-initialize` stays exported untouched.
;; invoke: value() -> 1
;; invoke: wizer-initialize()
;; invoke: value() -> 2
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 1)))
  (func (export "wizer-initialize") (global.set $v (i32.const 2)))
  (func (export "value") (result i32) (global.get $v)))
