;; Init copies a passive element segment into the table $a shares and
;; drops it: the snapshot holds the slot, an empty segment in its place
;; (so `table.init` from it traps afterwards, as after init), and
;; `--verify` reads the same state back from it (it once compared the
;; dropped segments, which the output holds empty, and refused).
(component
  (core module $a
    (type $t (func (result i32)))
    (table $tab (export "tab") 2 funcref)
    (func $get (param i32) (result i32)
      (if (result i32) (ref.is_null (table.get $tab (local.get 0)))
        (then (i32.const -1))
        (else (call_indirect $tab (type $t) (local.get 0)))))
    (func (export "get0") (result i32) (call $get (i32.const 0)))
    (func (export "get1") (result i32) (call $get (i32.const 1))))
  (core module $b
    (import "a" "tab" (table $t 2 funcref))
    (func $five (result i32) (i32.const 5))
    (elem $e func $five)
    (func (export "init")
      (table.init $t $e (i32.const 1) (i32.const 0) (i32.const 1))
      (elem.drop $e))
    (func (export "again") (result i32)
      (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 1))
      (i32.const 1)))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "wizer-initialize") (canon lift (core func $ib "init")))
  (func (export "get0") (result u32) (canon lift (core func $ia "get0")))
  (func (export "get1") (result u32) (canon lift (core func $ia "get1")))
  (func (export "again") (result u32) (canon lift (core func $ib "again"))))
