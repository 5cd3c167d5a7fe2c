(module
  (type (;0;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $open (;0;) (type 0) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $fd (;0;) (mut i32) i32.const 4)
  (export "memory" (memory 0))
  (export "fd" (func 2))
  (func (;1;) (type 1)
    i32.const 3
    i32.const 0
    i32.const 0
    i32.const 5
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    i32.const 512
    call $open
    drop
    i32.const 512
    i32.load
    global.set $fd
    i32.const 512
    i32.const 0
    i32.store
  )
  (func (;2;) (type 2) (result i32)
    global.get $fd
  )
  (data (;0;) (i32.const 0) "f.txt")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
