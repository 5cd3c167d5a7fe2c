;; $b imports $a's table and has an active element segment into slot 0,
;; which init (in $a) sets to $two: $b's segment must not run again over
;; it in the snapshot (it answered 1 instead of 2).
(component
  (core module $a
    (type $t (func (result i32)))
    (table $tab (export "tab") 2 funcref)
    (func $one (result i32) (i32.const 1))
    (func $two (result i32) (i32.const 2))
    (elem declare func $two)
    (func (export "init") (table.set $tab (i32.const 0) (ref.func $two)))
    (func (export "get") (result i32) (call_indirect $tab (type $t) (i32.const 0))))
  (core module $b
    (import "a" "tab" (table 2 funcref))
    (func $one (result i32) (i32.const 1))
    (elem (i32.const 0) func $one))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "wizer-initialize") (canon lift (core func $ia "init")))
  (func (export "get") (result u32) (canon lift (core func $ia "get"))))
