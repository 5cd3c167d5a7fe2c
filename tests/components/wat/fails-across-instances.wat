;; Init fails in another core instance than its own: $lib's `boom`,
;; called by $main's init through an import (`wizer-initialize`) or
;; through a table (`init-indirect`), reads out of bounds (after a call
;; that returned: its frame is gone). The failure report follows the calls
;; across both instances.
(component
  (core module $lib
    (memory (export "memory") 1)
    (func $deep (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "boom") (param i32) (result i32) (call $deep (local.get 0))))
  (core instance $l (instantiate $lib))
  (core module $main
    (import "lib" "boom" (func $boom (param i32) (result i32)))
    (type $boom-type (func (param i32) (result i32)))
    (table 1 funcref)
    (elem (i32.const 0) func $boom)
    (global $runs (mut i32) (i32.const 0))
    (func $direct (result i32)
      (drop (call $boom (i32.const 0)))
      (call $boom (i32.const 70000)))
    (func $indirect (result i32)
      (call_indirect (type $boom-type) (i32.const 70000) (i32.const 0)))
    (func (export "init") (drop (call $direct)))
    (func (export "init-indirect") (drop (call $indirect))))
  (core instance $i (instantiate $main (with "lib" (instance $l))))
  (func (export "wizer-initialize") (canon lift (core func $i "init")))
  (func (export "init-indirect") (canon lift (core func $i "init-indirect"))))
