;; One module with a memory and globals: init counts its runs, fills a
;; table of squares in memory and sums them in a 64-bit global.
(component
  (core module $m
    (memory (export "memory") 1)
    (global $runs (mut i32) (i32.const 0))
    (global $sum (mut i64) (i64.const 0))
    (data (i32.const 0) "unchanged")
    (func (export "init") (local $i i32)
      (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
      (loop $next
        (i32.store (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))
          (i32.mul (local.get $i) (local.get $i)))
        (global.set $sum (i64.add (global.get $sum)
          (i64.extend_i32_u (i32.mul (local.get $i) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 100))))
      (i32.store8 (i32.const 0) (i32.const 85)))
    ;; runs * 10^8 + squares[99] * 10 + (first byte is 'U') , and the sum
    (func (export "run") (result i32)
      (i32.add
        (i32.add (i32.mul (global.get $runs) (i32.const 100000000))
          (i32.mul (i32.load (i32.const 1420)) (i32.const 10)))
        (i32.load8_u (i32.const 0))))
    (func (export "sum") (result i64) (global.get $sum)))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (canon lift (core func $i "init")))
  (func (export "run") (result u32) (canon lift (core func $i "run")))
  (func (export "sum") (result u64) (canon lift (core func $i "sum"))))
