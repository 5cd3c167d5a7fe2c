;; $b's init writes its own functions into $a's table, which $a cannot
;; name: $b writes those slots back. Its code also changes its own table
;; (once refused: "imports a table and its code may change tables"), and
;; slot 2 gets a copy of slot 0, which $b's active segment filled.
(component
  (core module $a
    (type $t (func (result i32)))
    (table $tab (export "tab") 3 funcref)
    (func $one (result i32) (i32.const 1))
    (elem (i32.const 2) func $one)
    (func $get (param i32) (result i32) (call_indirect $tab (type $t) (local.get 0)))
    (func (export "get0") (result i32) (call $get (i32.const 0)))
    (func (export "get1") (result i32) (call $get (i32.const 1)))
    (func (export "get2") (result i32) (call $get (i32.const 2))))
  (core module $b
    (type $t (func (result i32)))
    (import "a" "tab" (table $t 3 funcref))
    (table $own 1 funcref)
    (func $ten (result i32) (i32.const 10))
    (func $eleven (result i32) (i32.const 11))
    (elem (i32.const 0) func $ten)
    (elem declare func $eleven)
    (func (export "init")
      (table.set $own (i32.const 0) (ref.func $eleven))
      (table.set $t (i32.const 1) (ref.func $eleven))
      (table.set $t (i32.const 2) (table.get $t (i32.const 0))))
    (func (export "own") (result i32) (call_indirect $own (type $t) (i32.const 0))))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "wizer-initialize") (canon lift (core func $ib "init")))
  (func (export "get0") (result u32) (canon lift (core func $ia "get0")))
  (func (export "get1") (result u32) (canon lift (core func $ia "get1")))
  (func (export "get2") (result u32) (canon lift (core func $ia "get2")))
  (func (export "own") (result u32) (canon lift (core func $ib "own"))))
