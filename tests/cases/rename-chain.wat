;; Chains: `a=b` with `b=c` turns old `b` into `a` and old `c` into `b`;
;; the long forms work too.
;; args: --rename-func a=b --func-rename=b=c
;; invoke: a() -> 2
;; invoke: b() -> 3
(module
  (func (export "wizer.initialize"))
  (func (export "a") (result i32) (i32.const 1))
  (func (export "b") (result i32) (i32.const 2))
  (func (export "c") (result i32) (i32.const 3)))
