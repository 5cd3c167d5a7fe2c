(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (type (;3;) (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (;0;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (;1;) (type 0) (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (;2;) (type 0) (param i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $count (;0;) (mut i32) i32.const 2)
  (export "memory" (memory 0))
  (export "count" (func 4))
  (export "byte" (func 5))
  (func (;3;) (type 1)
    i32.const 0
    i32.const 4
    call $sizes
    drop
    i32.const 0
    i32.load
    global.set $count
    i32.const 16
    i32.const 1024
    call $get
    drop
    i32.const 8
    i32.const 12
    call $args
    drop
    i32.const 8
    i32.load
    if ;; label = @1
      unreachable
    end
    i32.const 0
    i32.const 0
    i32.const 64
    memory.fill
  )
  (func (;4;) (type 2) (result i32)
    global.get $count
  )
  (func (;5;) (type 3) (param i32) (result i32)
    i32.const 1024
    local.get 0
    i32.add
    i32.load8_u
  )
  (data (;0;) (i32.const 1024) "GREETING=hi\00N=42")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
