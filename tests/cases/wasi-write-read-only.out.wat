(module
  (type (;0;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;1;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;2;) (func (param i32) (result i32)))
  (type (;3;) (func))
  (type (;4;) (func (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $open (;0;) (type 0) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (;1;) (type 1) (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (;2;) (type 2) (param i32) (result i32)))
  (memory (;0;) 1)
  (global $errno (;0;) (mut i32) i32.const 69)
  (export "memory" (memory 0))
  (export "errno" (func 4))
  (func (;3;) (type 3)
    i32.const 3
    i32.const 1
    i32.const 0
    i32.const 11
    i32.const 9
    i64.const 64
    i64.const 0
    i32.const 0
    i32.const 512
    call $open
    global.set $errno
    global.get $errno
    i32.eqz
    if ;; label = @1
      i32.const 520
      i32.const 100
      i32.store
      i32.const 524
      i32.const 4
      i32.store
      i32.const 512
      i32.load
      i32.const 520
      i32.const 1
      i32.const 516
      call $write
      drop
      i32.const 512
      i32.load
      call $close
      drop
    end
    i32.const 512
    i32.const 0
    i32.const 16
    memory.fill
  )
  (func (;4;) (type 4) (result i32)
    global.get $errno
  )
  (data (;0;) (i32.const 0) "sub/new.txt")
  (data (;1;) (i32.const 100) "data")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
