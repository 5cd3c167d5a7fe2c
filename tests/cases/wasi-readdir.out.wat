(module
  (type (;0;) (func (param i32 i32 i32 i64 i32) (result i32)))
  (type (;1;) (func (param i32 i32) (result i32)))
  (type (;2;) (func))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $readdir (;0;) (type 0) (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (;1;) (type 1) (param i32 i32) (result i32)))
  (memory (;0;) 1)
  (global $count (;0;) (mut i32) i32.const 5)
  (global $len (;1;) (mut i32) i32.const 4)
  (export "memory" (memory 0))
  (export "count" (func 3))
  (export "name" (func 4))
  (export "type" (func 5))
  (export "prestat_len" (func 6))
  (func (;2;) (type 2)
    (local $at i32) (local $end i32) (local $namlen i32)
    i32.const 3
    i32.const 0
    call $prestat
    drop
    i32.const 4
    i32.load
    global.set $len
    i32.const 3
    i32.const 1024
    i32.const 4096
    i64.const 0
    i32.const 8
    call $readdir
    drop
    i32.const 1024
    local.set $at
    i32.const 1024
    i32.const 8
    i32.load
    i32.add
    local.set $end
    block $done
      loop $next
        local.get $at
        local.get $end
        i32.ge_u
        br_if $done
        local.get $at
        i32.const 16
        i32.add
        i32.load
        local.set $namlen
        i32.const 2048
        global.get $count
        i32.const 2
        i32.mul
        i32.add
        local.get $at
        i32.const 24
        i32.add
        i32.load8_u
        i32.store8
        i32.const 2049
        global.get $count
        i32.const 2
        i32.mul
        i32.add
        local.get $at
        i32.const 20
        i32.add
        i32.load8_u
        i32.store8
        global.get $count
        i32.const 1
        i32.add
        global.set $count
        local.get $at
        i32.const 24
        local.get $namlen
        i32.add
        i32.add
        local.set $at
        br $next
      end
    end
    i32.const 0
    i32.const 0
    i32.const 2048
    memory.fill
  )
  (func (;3;) (type 3) (result i32)
    global.get $count
  )
  (func (;4;) (type 4) (param i32) (result i32)
    i32.const 2048
    local.get 0
    i32.const 2
    i32.mul
    i32.add
    i32.load8_u
  )
  (func (;5;) (type 4) (param i32) (result i32)
    i32.const 2049
    local.get 0
    i32.const 2
    i32.mul
    i32.add
    i32.load8_u
  )
  (func (;6;) (type 3) (result i32)
    global.get $len
  )
  (data (;0;) (i32.const 2048) ".\03.\03a\04b\04c\03")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
