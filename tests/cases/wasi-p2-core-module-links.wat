;; WASI 0.2's `symlink-at`, `readlink-at`, `link-at`, `set-size` and
;; `set-times-at`, from a core module, inside a writable preopen: they run
;; on the preview1 shim's code, with its sandbox rules (an absolute symlink
;; target is refused as `not-permitted`).
;; mkdir: box
;; file: box/a.txt hello
;; args: --allow-wasi --mapdir /box::box
;; expect-file: box/a.txt he
;; expect-file: box/hard he
;; expect-file: box/link he
;; no-oracle: init needs WASI
;; invoke: symlinked() -> 0
;; invoke: target_len() -> 5
;; invoke: target_byte() -> 97
;; invoke: linked() -> 0
;; invoke: opened() -> 0
;; invoke: sized() -> 0
;; invoke: timed() -> 0
;; invoke: absolute() -> 1
;; invoke: absolute_code() -> 31
(module
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.symlink-at"
    (func $symlink (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.readlink-at"
    (func $readlink (param i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.link-at"
    (func $link (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at"
    (func $open (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.set-size"
    (func $set_size (param i32 i64 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.set-times-at"
    (func $set_times_at (param i32 i32 i32 i32 i32 i64 i32 i32 i64 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "a.txt")
  (data (i32.const 528) "link")
  (data (i32.const 544) "hard")
  (data (i32.const 560) "/etc/passwd")
  (data (i32.const 576) "bad")
  (global $heap (mut i32) (i32.const 4096))
  (global $dir (mut i32) (i32.const 0))
  (global $symlinked (mut i32) (i32.const -1))
  (global $target_len (mut i32) (i32.const -1))
  (global $target_byte (mut i32) (i32.const -1))
  (global $linked (mut i32) (i32.const -1))
  (global $opened (mut i32) (i32.const -1))
  (global $sized (mut i32) (i32.const -1))
  (global $timed (mut i32) (i32.const -1))
  (global $absolute (mut i32) (i32.const -1))
  (global $absolute_code (mut i32) (i32.const -1))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $heap))
    (global.set $heap (i32.add (local.get $at) (i32.add (local.get 3) (i32.const 8))))
    (local.get $at))
  (func (export "wizer.initialize")
    ;; The first preopen's descriptor.
    (call $dirs (i32.const 16))
    (global.set $dir (i32.load (i32.load (i32.const 16))))
    ;; link -> a.txt
    (call $symlink (global.get $dir) (i32.const 512) (i32.const 5) (i32.const 528) (i32.const 4)
      (i32.const 32))
    (global.set $symlinked (i32.load8_u (i32.const 32)))
    (call $readlink (global.get $dir) (i32.const 528) (i32.const 4) (i32.const 48))
    (global.set $target_len (i32.load (i32.const 56)))
    (global.set $target_byte (i32.load8_u (i32.load (i32.const 52))))
    ;; hard, a hard link to a.txt
    (call $link (global.get $dir) (i32.const 0) (i32.const 512) (i32.const 5)
      (global.get $dir) (i32.const 544) (i32.const 4) (i32.const 64))
    (global.set $linked (i32.load8_u (i32.const 64)))
    ;; a.txt opened for writing, cut to 2 bytes
    (call $open (global.get $dir) (i32.const 0) (i32.const 512) (i32.const 5) (i32.const 0)
      (i32.const 2) (i32.const 80))
    (global.set $opened (i32.load8_u (i32.const 80)))
    (call $set_size (i32.load (i32.const 84)) (i64.const 2) (i32.const 96))
    (global.set $sized (i32.load8_u (i32.const 96)))
    ;; its modification time set to 2001-09-09T01:46:40Z
    (call $set_times_at (global.get $dir) (i32.const 0) (i32.const 512) (i32.const 5)
      (i32.const 0) (i64.const 0) (i32.const 0)
      (i32.const 2) (i64.const 1000000000) (i32.const 0)
      (i32.const 112))
    (global.set $timed (i32.load8_u (i32.const 112)))
    ;; an absolute target is refused
    (call $symlink (global.get $dir) (i32.const 560) (i32.const 11) (i32.const 576) (i32.const 3)
      (i32.const 128))
    (global.set $absolute (i32.load8_u (i32.const 128)))
    (global.set $absolute_code (i32.load8_u (i32.const 129))))
  (func (export "symlinked") (result i32) (global.get $symlinked))
  (func (export "target_len") (result i32) (global.get $target_len))
  (func (export "target_byte") (result i32) (global.get $target_byte))
  (func (export "linked") (result i32) (global.get $linked))
  (func (export "opened") (result i32) (global.get $opened))
  (func (export "sized") (result i32) (global.get $sized))
  (func (export "timed") (result i32) (global.get $timed))
  (func (export "absolute") (result i32) (global.get $absolute))
  (func (export "absolute_code") (result i32) (global.get $absolute_code)))
