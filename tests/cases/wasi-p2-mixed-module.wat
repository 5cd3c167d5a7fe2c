;; A module that imports both preview1 and WASI 0.2 gets both hosts on one
;; context: one environment, one clock, one random stream.
;; args: --allow-wasi --deterministic --random-seed 7 --env A=b --env CC=dd
;; no-oracle: init needs WASI
;; invoke: p1_env_count() -> 2
;; invoke: p2_env_count() -> 2
;; invoke: p1_mono() -> 1000000000
;; invoke: p2_mono() -> 1000000000
;; invoke: p1_random() -> 7191089600892374487
;; invoke: same_random() -> 0
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $now (result i64)))
  (import "wasi:random/random@0.2.0" "get-random-u64" (func $u64 (result i64)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (global $p1_env (mut i32) (i32.const -1))
  (global $p2_env (mut i32) (i32.const -1))
  (global $p1_mono (mut i64) (i64.const 0))
  (global $p2_mono (mut i64) (i64.const 0))
  (global $p1_random (mut i64) (i64.const 0))
  (global $p2_random (mut i64) (i64.const 0))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $heap))
    (global.set $heap (i32.add (local.get $at) (i32.add (local.get 3) (i32.const 8))))
    (local.get $at))
  (func (export "wizer.initialize")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (global.set $p1_env (i32.load (i32.const 0)))
    (call $env (i32.const 16))
    (global.set $p2_env (i32.load (i32.const 20)))
    (drop (call $time (i32.const 1) (i64.const 1) (i32.const 32)))
    (global.set $p1_mono (i64.load (i32.const 32)))
    (global.set $p2_mono (call $now))
    (drop (call $random (i32.const 48) (i32.const 8)))
    (global.set $p1_random (i64.load (i32.const 48)))
    (global.set $p2_random (call $u64)))
  (func (export "p1_env_count") (result i32) (global.get $p1_env))
  (func (export "p2_env_count") (result i32) (global.get $p2_env))
  (func (export "p1_mono") (result i64) (global.get $p1_mono))
  (func (export "p2_mono") (result i64) (global.get $p2_mono))
  (func (export "p1_random") (result i64) (global.get $p1_random))
  (func (export "same_random") (result i32)
    (i64.eq (global.get $p1_random) (global.get $p2_random))))
