;; `table.init` from a passive segment during init; the segment is kept, so
;; `table.init` after the snapshot still works.
;; invoke: call(1) -> 10
;; invoke: call(3) -> 30
;; invoke: call(0) -> trap
;; invoke: again()
;; invoke: call(0) -> 20
(module
  (table $tab 4 funcref)
  (elem $p func $f10 $f20 $f30)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "again") (table.init $tab $p (i32.const 0) (i32.const 1) (i32.const 1)))
  (func (export "wizer.initialize") (table.init $tab $p (i32.const 1) (i32.const 0) (i32.const 3))))
