;; Within the budget, `--fuel` changes nothing in the output.
;; args: --fuel 1000000
;; invoke: sum() -> 499500
(module
  (global $sum (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (local $i i32)
    (loop $l
      (global.set $sum (i32.add (global.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000)))))
  (func (export "sum") (result i32) (global.get $sum)))
