;; Tables that init only reads are fine: `table.get`, `table.size`,
;; `call_indirect`, `ref.func`, `ref.is_null` and typed `select` are allowed,
;; and element segments are copied verbatim.
;; invoke: via_table(1) -> 20
;; invoke: seen() -> 22
(module
  (type $t (func (result i32)))
  (table $tab 3 funcref)
  (elem (table $tab) (i32.const 0) func $ten $twenty)
  (elem declare func $ten)
  (global $seen (mut i32) (i32.const 0))
  (func $ten (type $t) (i32.const 10))
  (func $twenty (type $t) (i32.const 20))
  (func (export "wizer.initialize")
    (global.set $seen
      (i32.add
        (i32.add (table.size $tab) (ref.is_null (table.get $tab (i32.const 2))))
        (call_indirect (type $t) (i32.const 0))))
    (global.set $seen
      (i32.add (global.get $seen)
        (ref.is_null (select (result funcref) (ref.func $ten) (ref.null func) (i32.const 1)))))
    (global.set $seen (i32.add (global.get $seen) (i32.const 8))))
  (func (export "via_table") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
  (func (export "seen") (result i32) (global.get $seen)))
