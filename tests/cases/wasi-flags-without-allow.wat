;; WASI options without `--allow-wasi` have no effect, and say so.
;; args: --dir . --env A=1
;; invoke: v() -> 1
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 1)))
  (func (export "v") (result i32) (global.get $v)))
