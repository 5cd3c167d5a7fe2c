;; `table.set` during init: the snapshot's table holds the new element (a
;; rewritten element section recreates it), the rest stays null.
;; invoke: call(2) -> 30
;; invoke: call(0) -> trap
;; invoke: size() -> 4
(module
  (table $tab 4 funcref)
  (elem declare func $f30)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "wizer.initialize") (table.set $tab (i32.const 2) (ref.func $f30))))
