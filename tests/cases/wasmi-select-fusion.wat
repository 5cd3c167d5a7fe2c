;; wasmi 2.0.0 miscompiles a `select` whose condition is `i32.eqz`,
;; `i32.eq _ 0` or `i32.ne _ 0` of a local or spilled value: it tests a
;; stale register instead (here `memory.size`, 1, or `global.get`, -1). Each
;; global below would be wrong, and `div` would trap, without the guard
;; wizer-lite puts before such `select`s in the code wasmi runs. The output
;; keeps the original code.
;; invoke: r(0) -> 2
;; invoke: r(1) -> 1
;; invoke: r(2) -> 1
;; invoke: r(3) -> 2
;; invoke: r(4) -> 2
;; invoke: r(5) -> 2
;; invoke: r(6) -> 0
;; invoke: r(7) -> 2
;; invoke: r(8) -> 7
;; invoke: wide() -> 4
;; invoke: float() -> f64:0x4004000000000000
;; (2.5: floats are compared by their bits)
;; invoke: vector() -> 8
(module
  (memory 1)
  (global $minus (mut i32) (i32.const -1))
  (global $wide (mut i64) (i64.const 0))
  (global $float (mut f64) (f64.const 0))
  (global $vector (mut v128) (v128.const i32x4 0 0 0 0))
  (table $r 9 funcref)
  (global $r0 (mut i32) (i32.const 0))
  (global $r1 (mut i32) (i32.const 0))
  (global $r2 (mut i32) (i32.const 0))
  (global $r3 (mut i32) (i32.const 0))
  (global $r4 (mut i32) (i32.const 0))
  (global $r5 (mut i32) (i32.const 0))
  (global $r6 (mut i32) (i32.const 0))
  (global $r7 (mut i32) (i32.const 0))
  (global $r8 (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (local $zero i32) (local $one i32) (local $zero64 i64)
    (local.set $one (i32.const 1))
    ;; eqz of a local: 1 + 1
    (global.set $r0 (i32.add (memory.size)
      (select (i32.const 1) (i32.const 0) (i32.eqz (local.get $zero)))))
    ;; eqz of a nonzero local: -1 + ... picks 0, so 1 + 0
    (global.set $r1 (i32.add (memory.size)
      (select (i32.const 1) (i32.const 0) (i32.eqz (local.get $one)))))
    ;; ne 0 of a local: 1 + 0
    (global.set $r2 (i32.add (memory.size)
      (select (i32.const 1) (i32.const 0) (i32.ne (local.get $zero) (i32.const 0)))))
    ;; eq 0, typed select: 1 + 1
    (global.set $r3 (i32.add (memory.size)
      (select (result i32) (i32.const 1) (i32.const 0) (i32.eq (local.get $zero) (i32.const 0)))))
    ;; three eqz: 1 + 1
    (global.set $r4 (i32.add (memory.size)
      (select (i32.const 1) (i32.const 0)
        (i32.eqz (i32.eqz (i32.eqz (local.get $zero)))))))
    ;; a nop between: 1 + 1
    (global.set $r5 (i32.add (memory.size)
      (i32.const 1) (i32.const 0) (i32.eqz (local.get $zero)) (nop) (select)))
    ;; the stale register holds -1 from a global: -1 + 1
    (global.set $r6 (i32.add (global.get $minus)
      (select (i32.const 1) (i32.const 0) (i32.eqz (local.get $zero)))))
    ;; a push dropped again between: 1 + 1
    (global.set $r7 (i32.add (memory.size)
      (i32.const 1) (i32.const 0) (i32.eqz (local.get $zero))
      (i32.const 9) (drop) (select)))
    ;; a division by a select that is never 0: 7 / 1
    (global.set $r8 (i32.div_u (i32.mul (memory.size) (i32.const 7))
      (select (i32.const 1) (local.get $zero) (i32.eqz (local.get $zero)))))
    ;; other types: 3 + 1, 1.5 + 1, 7 + 1
    (global.set $wide (i64.add (i64.extend_i32_u (i32.add (memory.size) (i32.const 2)))
      (select (i64.const 1) (local.get $zero64) (i32.eqz (local.get $zero)))))
    (global.set $float (f64.add (f64.convert_i32_u (memory.size)) (f64.const 0.5)))
    (global.set $float (f64.add (global.get $float)
      (select (f64.const 1) (f64.const 0) (i32.eqz (local.get $zero)))))
    (global.set $vector (i32x4.add (i32x4.splat (i32.add (memory.size) (i32.const 6)))
      (select (v128.const i32x4 1 1 1 1) (v128.const i32x4 0 0 0 0)
        (i32.eqz (local.get $zero))))))
  (func $g0 (result i32) (global.get $r0))
  (func $g1 (result i32) (global.get $r1))
  (func $g2 (result i32) (global.get $r2))
  (func $g3 (result i32) (global.get $r3))
  (func $g4 (result i32) (global.get $r4))
  (func $g5 (result i32) (global.get $r5))
  (func $g6 (result i32) (global.get $r6))
  (func $g7 (result i32) (global.get $r7))
  (func $g8 (result i32) (global.get $r8))
  (elem (table $r) (i32.const 0) func $g0 $g1 $g2 $g3 $g4 $g5 $g6 $g7 $g8)
  (type $get (func (result i32)))
  (func (export "r") (param i32) (result i32)
    (call_indirect $r (type $get) (local.get 0)))
  (func (export "wide") (result i64) (global.get $wide))
  (func (export "float") (result f64) (global.get $float))
  (func (export "vector") (result i32) (i32x4.extract_lane 2 (global.get $vector))))
