;; Function imports that init does not call are fine: the module
;; instantiates with stubs and the import stays in the output.
;; invoke: ready() -> 1
(module
  (import "env" "log" (func $log (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (global $ready (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $ready (i32.const 1)))
  (func (export "ready") (result i32) (global.get $ready))
  (func (export "say") (call $log (i32.const 1))))
