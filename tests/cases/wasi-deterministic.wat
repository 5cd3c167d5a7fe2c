;; `--deterministic`: the wall clock starts at 2000-01-01, the monotonic
;; clock at one second (never zero: Go takes zero for a broken clock); both
;; advance only when the guest sleeps, and `random_get` is seeded, so the
;; snapshot is the same on every run (the suite snapshots each case twice
;; and compares the bytes).
;; args: --allow-wasi --deterministic --random-seed 7
;; no-oracle: init needs WASI
;; invoke: t0() -> 946684800000000000
;; invoke: slept() -> 1500
;; invoke: mono() -> 1000001500
;; invoke: rnd() -> 7191089600892374487
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $t0 (mut i64) (i64.const 0))
  (global $t1 (mut i64) (i64.const 0))
  (global $mono (mut i64) (i64.const 0))
  (global $rnd (mut i64) (i64.const 0))
  (func (export "wizer.initialize")
    (drop (call $time (i32.const 0) (i64.const 1) (i32.const 0)))
    (global.set $t0 (i64.load (i32.const 0)))
    ;; Sleep 1500 ns: one relative clock subscription on the monotonic clock.
    (i64.store (i32.const 100) (i64.const 1))
    (i32.store8 (i32.const 108) (i32.const 0))
    (i32.store (i32.const 116) (i32.const 1))
    (i64.store (i32.const 124) (i64.const 1500))
    (drop (call $poll (i32.const 100) (i32.const 200) (i32.const 1) (i32.const 300)))
    (drop (call $time (i32.const 0) (i64.const 1) (i32.const 0)))
    (global.set $t1 (i64.load (i32.const 0)))
    (drop (call $time (i32.const 1) (i64.const 1) (i32.const 0)))
    (global.set $mono (i64.load (i32.const 0)))
    (drop (call $random (i32.const 0) (i32.const 8)))
    (global.set $rnd (i64.load (i32.const 0)))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 400)))
  (func (export "t0") (result i64) (global.get $t0))
  (func (export "slept") (result i64) (i64.sub (global.get $t1) (global.get $t0)))
  (func (export "mono") (result i64) (global.get $mono))
  (func (export "rnd") (result i64) (global.get $rnd)))
