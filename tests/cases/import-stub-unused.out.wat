(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;2;) (func))
  (type (;3;) (func (result i32)))
  (import "env" "log" (func $log (;0;) (type 0) (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func (;1;) (type 1) (param i32 i32 i32 i32) (result i32)))
  (global $ready (;0;) (mut i32) i32.const 1)
  (export "ready" (func 3))
  (export "say" (func 4))
  (func (;2;) (type 2)
    i32.const 1
    global.set $ready
  )
  (func (;3;) (type 3) (result i32)
    global.get $ready
  )
  (func (;4;) (type 2)
    i32.const 1
    call $log
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
