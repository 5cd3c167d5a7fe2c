;; Mutable globals become constants of their snapshot value, bit-exact;
;; immutable globals keep their original init expression.
;; invoke: get_i64() -> 1311768465173141105
;; invoke: get_f32() -> f32:0x7fa00000
;; invoke: get_f64() -> f64:0x7ff0000000000123
;; invoke: get_computed_nan() -> f32:0x7fc00000
;; invoke: bump() -> 42
(module
  (global $i32 (export "i32") (mut i32) (i32.const 0))
  (global $i64 (mut i64) (i64.const 0))
  (global $f32 (mut f32) (f32.const 0))
  (global $f64 (export "f64") (mut f64) (f64.const 0))
  (global $nan (mut f32) (f32.const 0))
  (global $neg_zero (export "neg_zero") (mut f64) (f64.const 1))
  (global $untouched (mut i32) (i32.const 77))
  (global $const (export "const") i32 (i32.const 5))
  (global $const2 i64 (i64.const -9))
  (func (export "wizer.initialize")
    (global.set $i32 (i32.const 41))
    (global.set $i64 (i64.const 0x1234567812345671))
    (global.set $f32 (f32.const nan:0x200000))
    (global.set $f64 (f64.const nan:0x123))
    ;; 0/0 computes a NaN; the deterministic profile makes it canonical.
    (global.set $nan (f32.div (f32.const 0) (f32.const 0)))
    (global.set $neg_zero (f64.const -0)))
  (func (export "get_i64") (result i64) (global.get $i64))
  (func (export "get_f32") (result f32) (global.get $f32))
  (func (export "get_f64") (result f64) (global.get $f64))
  (func (export "get_computed_nan") (result f32) (global.get $nan))
  (func (export "bump") (result i32)
    (global.set $i32 (i32.add (global.get $i32) (i32.const 1)))
    (global.get $i32)))
