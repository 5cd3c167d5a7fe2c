;; WAT text is accepted as input, as well as binary.
;; input: text
;; invoke: v() -> 4
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 4)))
  (func (export "v") (result i32) (global.get $v)))
