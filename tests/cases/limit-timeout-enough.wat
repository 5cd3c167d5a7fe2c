;; An init that finishes in time is unaffected by `--timeout`.
;; args: --timeout 30
;; invoke: v() -> 7
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 7)))
  (func (export "v") (result i32) (global.get $v)))
