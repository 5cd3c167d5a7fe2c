;; `elem.drop` during init: the dropped segment is empty in the snapshot (so
;; `table.init` from it traps, as in the original), the other is kept.
;; invoke: from_dropped() -> trap
;; invoke: from_kept()
;; invoke: call(0) -> 20
(module
  (table $tab 2 funcref)
  (elem $dropped func $f10)
  (elem $kept func $f20)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "from_dropped") (table.init $tab $dropped (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "from_kept") (table.init $tab $kept (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "wizer.initialize") (elem.drop $dropped)))
