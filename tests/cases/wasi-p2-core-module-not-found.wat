;; Through WASI 0.2, opening a missing file answers `no-entry` (20) and a
;; name longer than the host allows `name-too-long` (18), as preview1's
;; `path_open` answers ENOENT (44) and ENAMETOOLONG (37).
;; mkdir: box
;; args: --allow-wasi --mapdir /box::box
;; no-oracle: init needs WASI
;; invoke: missing() -> 20
;; invoke: too_long() -> 18
;; invoke: p1_missing() -> 44
;; invoke: p1_too_long() -> 37
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $p1_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at"
    (func $open (param i32 i32 i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "missing.txt")
  (data (i32.const 1024) "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")
  (global $heap (mut i32) (i32.const 8192))
  (global $missing (mut i32) (i32.const -1))
  (global $too_long (mut i32) (i32.const -1))
  (global $p1_missing (mut i32) (i32.const -1))
  (global $p1_too_long (mut i32) (i32.const -1))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $heap))
    (global.set $heap (i32.add (local.get $at) (i32.add (local.get 3) (i32.const 8))))
    (local.get $at))
  (func (export "wizer.initialize")
    (local $dir i32)
    (call $dirs (i32.const 16))
    (local.set $dir (i32.load (i32.load (i32.const 16))))
    (call $open (local.get $dir) (i32.const 0) (i32.const 512) (i32.const 11) (i32.const 0)
      (i32.const 1) (i32.const 64))
    (global.set $missing (i32.load8_u (i32.const 68)))
    (call $open (local.get $dir) (i32.const 0) (i32.const 1024) (i32.const 300) (i32.const 0)
      (i32.const 1) (i32.const 64))
    (global.set $too_long (i32.load8_u (i32.const 68)))
    ;; preview1: the preopen is fd 3.
    (global.set $p1_missing
      (call $p1_open (i32.const 3) (i32.const 0) (i32.const 512) (i32.const 11) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 96)))
    (global.set $p1_too_long
      (call $p1_open (i32.const 3) (i32.const 0) (i32.const 1024) (i32.const 300) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 96))))
  (func (export "missing") (result i32) (global.get $missing))
  (func (export "too_long") (result i32) (global.get $too_long))
  (func (export "p1_missing") (result i32) (global.get $p1_missing))
  (func (export "p1_too_long") (result i32) (global.get $p1_too_long)))
