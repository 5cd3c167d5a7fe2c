(module
  (type (;0;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (;0;) (type 0) (param i32 i32 i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $written (;0;) (mut i32) i32.const 6)
  (export "memory" (memory 0))
  (export "written" (func 2))
  (func (;1;) (type 1)
    i32.const 0
    i32.const 100
    i32.store
    i32.const 4
    i32.const 6
    i32.store
    i32.const 1
    i32.const 0
    i32.const 1
    i32.const 8
    call $write
    drop
    i32.const 8
    i32.load
    global.set $written
    i32.const 0
    i32.const 106
    i32.store
    i32.const 4
    i32.const 5
    i32.store
    i32.const 2
    i32.const 0
    i32.const 1
    i32.const 8
    call $write
    drop
    i32.const 0
    i32.const 0
    i32.const 12
    memory.fill
  )
  (func (;2;) (type 2) (result i32)
    global.get $written
  )
  (data (;0;) (i32.const 100) "hello\0aoops\0a")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
