;; `table.copy` during init.
;; invoke: call(2) -> 10
;; invoke: call(3) -> 20
;; invoke: call(4) -> trap
(module
  (table $tab 5 funcref)
  (elem (table $tab) (i32.const 0) func $f10 $f20)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "wizer.initialize") (table.copy $tab $tab (i32.const 2) (i32.const 0) (i32.const 2))))
