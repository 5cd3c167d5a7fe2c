;; `table.grow` during init: the minimum becomes the new size, the maximum
;; is kept, and the new slots hold the fill value.
;; invoke: size() -> 5
;; invoke: call(4) -> 10
;; invoke: call(1) -> 20
;; invoke: grow() -> 5
;; invoke: grow() -> -1
(module
  (table $tab 2 6 funcref)
  (elem (table $tab) (i32.const 1) func $f20)
  (elem declare func $f10)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "grow") (result i32) (table.grow $tab (ref.null func) (i32.const 1)))
  (func (export "wizer.initialize") (drop (table.grow $tab (ref.func $f10) (i32.const 3)))))
