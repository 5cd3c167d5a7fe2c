;; When the init function is `_initialize` itself, it is called exactly once.
;; args: -f _initialize
;; invoke: calls() -> 1
(module
  (global $calls (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $calls (i32.add (global.get $calls) (i32.const 1))))
  (func (export "calls") (result i32) (global.get $calls)))
