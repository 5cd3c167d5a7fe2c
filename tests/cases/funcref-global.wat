;; Mutable funcref globals are written back as `ref.func N` / `ref.null func`.
;; invoke: via_global() -> 20
;; invoke: other_is_null() -> 1
(module
  (table $tab 1 funcref)
  (global $g (mut funcref) (ref.null func))
  (global $other (mut funcref) (ref.func $f10))
  (elem declare func $f10 $f20)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func $f20 (type $t) (i32.const 20))
  (func $f30 (type $t) (i32.const 30))
  (func (export "call") (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $tab))
  (func (export "via_global") (result i32)
    (table.set $tab (i32.const 0) (global.get $g))
    (call_indirect $tab (type $t) (i32.const 0)))
  (func (export "other_is_null") (result i32) (ref.is_null (global.get $other)))
  (func (export "wizer.initialize")
    (global.set $g (ref.func $f20))
    (global.set $other (ref.null func))))
