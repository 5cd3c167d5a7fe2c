(module
  (type (;0;) (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type (;1;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;2;) (func))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $open (;0;) (type 0) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (;1;) (type 1) (param i32 i32 i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $errno (;0;) (mut i32) i32.const 76)
  (global $nread (;1;) (mut i32) i32.const -1)
  (export "memory" (memory 0))
  (export "errno" (func 3))
  (export "nread" (func 4))
  (export "byte" (func 5))
  (func (;2;) (type 2)
    i32.const 3
    i32.const 1
    i32.const 0
    i32.const 13
    i32.const 0
    i64.const 2
    i64.const 0
    i32.const 0
    i32.const 512
    call $open
    global.set $errno
    global.get $errno
    i32.eqz
    if ;; label = @1
      i32.const 520
      i32.const 1024
      i32.store
      i32.const 524
      i32.const 64
      i32.store
      i32.const 512
      i32.load
      i32.const 520
      i32.const 1
      i32.const 516
      call $read
      drop
      i32.const 516
      i32.load
      global.set $nread
    end
    i32.const 512
    i32.const 0
    i32.const 16
    memory.fill
  )
  (func (;3;) (type 3) (result i32)
    global.get $errno
  )
  (func (;4;) (type 3) (result i32)
    global.get $nread
  )
  (func (;5;) (type 4) (param i32) (result i32)
    i32.const 1024
    local.get 0
    i32.add
    i32.load8_u
  )
  (data (;0;) (i32.const 0) "../secret.txt")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
