;; Listing a preopened directory: ".", "..", then the entries by name, so
;; the snapshot does not depend on the host's directory order.
;; args: --allow-wasi --mapdir data::sandbox
;; no-oracle: init needs WASI
;; file: sandbox/b.txt bee
;; file: sandbox/a.txt ay
;; mkdir: sandbox/c
;; invoke: count() -> 5
;; invoke: name(2) -> 97
;; invoke: name(3) -> 98
;; invoke: name(4) -> 99
;; invoke: type(4) -> 3
;; invoke: type(2) -> 4
;; invoke: prestat_len() -> 4
(module
  (import "wasi_snapshot_preview1" "fd_readdir" (func $readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (global $len (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (local $at i32) (local $end i32) (local $namlen i32)
    (drop (call $prestat (i32.const 3) (i32.const 0)))
    (global.set $len (i32.load (i32.const 4)))
    (drop (call $readdir (i32.const 3) (i32.const 1024) (i32.const 4096) (i64.const 0) (i32.const 8)))
    (local.set $at (i32.const 1024))
    (local.set $end (i32.add (i32.const 1024) (i32.load (i32.const 8))))
    ;; Copy each entry's first name byte and type to 2048 + 2*i.
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $namlen (i32.load (i32.add (local.get $at) (i32.const 16))))
        (i32.store8 (i32.add (i32.const 2048) (i32.mul (global.get $count) (i32.const 2)))
          (i32.load8_u (i32.add (local.get $at) (i32.const 24))))
        (i32.store8 (i32.add (i32.const 2049) (i32.mul (global.get $count) (i32.const 2)))
          (i32.load8_u (i32.add (local.get $at) (i32.const 20))))
        (global.set $count (i32.add (global.get $count) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.add (i32.const 24) (local.get $namlen))))
        (br $next)))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 2048)))
  (func (export "count") (result i32) (global.get $count))
  (func (export "name") (param i32) (result i32) (i32.load8_u (i32.add (i32.const 2048) (i32.mul (local.get 0) (i32.const 2)))))
  (func (export "type") (param i32) (result i32) (i32.load8_u (i32.add (i32.const 2049) (i32.mul (local.get 0) (i32.const 2)))))
  (func (export "prestat_len") (result i32) (global.get $len)))
