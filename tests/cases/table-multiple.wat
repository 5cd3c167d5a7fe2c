;; Several tables: a table other than 0 gets segments naming it; the element
;; section is created when the module had none (`ref.func` of an exported
;; function needs no declaration).
;; invoke: call(0) -> trap
;; invoke: call_second(2) -> 30
;; invoke: size_second() -> 3
(module
  (table $tab 1 funcref)
  (table $second 3 funcref)
  (type $t (func (result i32)))
  (func $f30 (export "f30") (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "call_second") (param i32) (result i32) (call_indirect $second (type $t) (local.get 0)))
  (func (export "size_second") (result i32) (table.size $second))
  (func (export "wizer.initialize") (table.set $second (i32.const 2) (ref.func $f30))))
