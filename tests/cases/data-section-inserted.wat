;; A module without a data section gets one, after the code section and
;; before the `name` section (which the `$names` produce), which stays last.
;; invoke: load(7) -> 9
(module $named
  (memory $mem 1)
  (func $init (export "wizer.initialize") (i32.store8 (i32.const 7) (i32.const 9)))
  (func $load (export "load") (param $at i32) (result i32) (i32.load8_u (local.get $at))))
