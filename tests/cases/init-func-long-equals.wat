;; `--init-func=NAME` form.
;; args: --init-func=setup
;; invoke: value() -> 9
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "setup") (global.set $v (i32.const 9)))
  (func (export "value") (result i32) (global.get $v)))
