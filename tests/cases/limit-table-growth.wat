;; Regression (found by wasm-smith fuzzing, which an unbounded table.grow
;; ran out of memory): growing a table beyond the default bound of ten
;; million elements fails as `table.grow` returning -1, within it works.
;; invoke: huge() -> -1
;; invoke: small() -> 1
;; invoke: size() -> 4
(module
  (table $t 1 funcref)
  (global $huge (mut i32) (i32.const 0))
  (global $small (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (global.set $huge (table.grow $t (ref.null func) (i32.const 0x7fffffff)))
    (global.set $small (table.grow $t (ref.null func) (i32.const 3))))
  (func (export "huge") (result i32) (global.get $huge))
  (func (export "small") (result i32) (global.get $small))
  (func (export "size") (result i32) (table.size $t)))
