;; Immutable globals keep their (extended) init expressions; tail calls run.
;; invoke: sum() -> 60
(module
  (global $base i32 (i32.const 10))
  (global $derived i32 (i32.add (i32.const 10) (i32.mul (i32.const 4) (i32.const 5))))
  (global $acc (mut i32) (i32.const 0))
  (func $add (param i32) (global.set $acc (i32.add (global.get $acc) (local.get 0))))
  (func (export "wizer.initialize")
    (call $add (global.get $derived))
    (return_call $add (global.get $derived)))
  (func (export "sum") (result i32) (global.get $acc)))
