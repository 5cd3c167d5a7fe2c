;; `-` reads stdin; `-o -` writes stdout.
;; stdin
;; args: - -o -
;; invoke: v() -> 6
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 6)))
  (func (export "v") (result i32) (global.get $v)))
