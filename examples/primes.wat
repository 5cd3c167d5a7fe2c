;; A module that spends its start-up computing a table of primes.
;; wizer-lite runs `wizer.initialize` once and bakes the table into the
;; snapshot, so `nth_prime` answers at once in every later instance.
(module
  (memory (export "memory") 1)
  ;; How many primes are in the table at address 0 (4 bytes each).
  (global $count (export "count") (mut i32) (i32.const 0))

  (func $is_prime (param $n i32) (result i32)
    (local $d i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))
    (local.set $d (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.mul (local.get $d) (local.get $d)) (local.get $n)))
        (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d)))
          (then (return (i32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Fills the table with the first 32 primes.
  (func (export "wizer.initialize")
    (local $n i32)
    (local.set $n (i32.const 2))
    (block $full
      (loop $next
        (br_if $full (i32.eq (global.get $count) (i32.const 32)))
        (if (call $is_prime (local.get $n))
          (then
            (i32.store (i32.mul (global.get $count) (i32.const 4)) (local.get $n))
            (global.set $count (i32.add (global.get $count) (i32.const 1)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next))))

  ;; The i-th prime (0-based), or 0 past the end of the table.
  (func (export "nth_prime") (param $i i32) (result i32)
    (if (i32.ge_u (local.get $i) (global.get $count)) (then (return (i32.const 0))))
    (i32.load (i32.mul (local.get $i) (i32.const 4)))))
