;; Custom sections stay in place; the data section goes before `name`.
;; invoke: load(0) -> 1
(module $m
  (@custom "first" (before first) "a")
  (@custom "after-type" (after type) "b")
  (@custom "after-code" (after code) "c")
  (@custom "last" (after data) "d")
  (type (func))
  (memory 1)
  (func $f (export "wizer.initialize") (i32.store8 (i32.const 0) (i32.const 1)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (data (i32.const 5) "x"))
