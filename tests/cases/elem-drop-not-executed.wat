;; `elem.drop` that init never runs: the segment is kept (a probe tells).
;; invoke: from_segment()
;; invoke: call(1) -> 30
;; invoke: forget()
;; invoke: from_segment() -> trap
(module
  (table $tab 2 funcref)
  (elem $seg func $f30)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "from_segment") (table.init $tab $seg (i32.const 1) (i32.const 0) (i32.const 1)))
  (func (export "forget") (elem.drop $seg))
  (func (export "wizer.initialize")))
