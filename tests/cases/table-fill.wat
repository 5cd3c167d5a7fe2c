;; `table.fill` during init.
;; invoke: call(0) -> 10
;; invoke: call(1) -> 20
;; invoke: call(3) -> 20
;; invoke: call(4) -> 10
(module
  (table $tab 5 funcref)
  (elem (table $tab) (i32.const 0) func $f10 $f10 $f10 $f10 $f10)
  (elem declare func $f20)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "wizer.initialize")
    (table.fill $tab (i32.const 1) (ref.func $f20) (i32.const 3))))
