;; A file left open at the end of init is reported: it will not exist when
;; the snapshot runs.
;; args: --allow-wasi --dir sandbox
;; no-oracle: init needs WASI
;; file: sandbox/f.txt x
;; invoke: fd() -> 4
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "f.txt")
  (global $fd (mut i32) (i32.const -1))
  (func (export "wizer.initialize")
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 5)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 512)))
    (global.set $fd (i32.load (i32.const 512)))
    (i32.store (i32.const 512) (i32.const 0)))
  (func (export "fd") (result i32) (global.get $fd)))
