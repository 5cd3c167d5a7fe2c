;; A table that init changes, holding functions the component lowers: two
;; `canon lower`s of the same import are two functions, and the snapshot's
;; table keeps each where it was (here swapped: $b, then $a).
(component
  (import "log" (func $log (param "x" u32)))
  (core func $a (canon lower (func $log)))
  (core func $b (canon lower (func $log)))
  (core instance $host (export "a" (func $a)) (export "b" (func $b)))
  (core module $m
    (import "host" "a" (func $a (param i32)))
    (import "host" "b" (func $b (param i32)))
    (type $t (func (param i32)))
    (table 3 funcref)
    (elem (i32.const 0) func $b $a)
    (func $local (param i32) (call $a (i32.add (local.get 0) (i32.const 1000))))
    (elem declare func $local)
    (func (export "init") (table.set (i32.const 2) (ref.func $local)))
    (func (export "run") (result i32)
      (call_indirect (type $t) (i32.const 1) (i32.const 0))
      (call_indirect (type $t) (i32.const 2) (i32.const 1))
      (call_indirect (type $t) (i32.const 3) (i32.const 2))
      (i32.const 0)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "wizer-initialize") (canon lift (core func $i "init")))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))
