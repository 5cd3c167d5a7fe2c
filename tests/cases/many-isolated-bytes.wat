;; 20,000 isolated non-zero bytes: more than the 10,000-segment cap, so the
;; neighbours with the smallest gaps merge until 10,000 segments remain.
;; golden: summary
;; invoke: sum() -> 40000
(module
  (memory 40)
  (func (export "wizer.initialize")
    (local $i i32)
    (loop $l
      ;; Every 64th byte for the first 10,000, every 128th after that.
      (i32.store8
        (if (result i32) (i32.lt_u (local.get $i) (i32.const 10000))
          (then (i32.mul (local.get $i) (i32.const 64)))
          (else (i32.add (i32.const 640000)
                  (i32.mul (i32.sub (local.get $i) (i32.const 10000)) (i32.const 128)))))
        (i32.const 2))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000)))))
  (func (export "sum") (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2621440))))
    (local.get $s)))
