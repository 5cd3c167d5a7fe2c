;; A core module that imports twenty WASI 0.2 functions (one the host does
;; not implement) and calls none during init: snapshotted without
;; `--allow-wasi`, its imports kept for run time.
;; invoke: get() -> 42
(module
  (import "wasi:cli/environment@0.2.0" "get-environment" (func (param i32)))
  (import "wasi:cli/environment@0.2.0" "get-arguments" (func (param i32)))
  (import "wasi:cli/exit@0.2.0" "exit" (func (param i32)))
  (import "wasi:cli/stdin@0.2.0" "get-stdin" (func (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32)))
  (import "wasi:cli/stderr@0.2.0" "get-stderr" (func (result i32)))
  (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func (result i64)))
  (import "wasi:clocks/wall-clock@0.2.0" "now" (func (param i32)))
  (import "wasi:random/random@0.2.0" "get-random-u64" (func (result i64)))
  (import "wasi:random/insecure-seed@0.2.0" "insecure-seed" (func (param i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at" (func (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.stat" (func (param i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.read-directory" (func (param i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[resource-drop]descriptor" (func (param i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush" (func (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.0" "[method]input-stream.blocking-read" (func (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.0" "[resource-drop]output-stream" (func (param i32)))
  (import "wasi:io/error@0.2.0" "[resource-drop]error" (func (param i32)))
  (import "wasi:sockets/instance-network@0.2.0" "instance-network" (func (result i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g)))
