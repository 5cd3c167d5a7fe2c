(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (result i64)))
  (type (;2;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;3;) (func))
  (type (;4;) (func (result i32)))
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $env (;0;) (type 0) (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.3" "now" (func $now (;1;) (type 1) (result i64)))
  (memory (;0;) 1)
  (global $heap (;0;) (mut i32) i32.const 1042)
  (global $allocs (;1;) (mut i32) i32.const 1)
  (global $count (;2;) (mut i32) i32.const 1)
  (global $name (;3;) (mut i32) i32.const 65)
  (global $value (;4;) (mut i32) i32.const 98)
  (global $mono (;5;) (mut i64) i64.const 1000000000)
  (export "memory" (memory 0))
  (export "cabi_realloc" (func 2))
  (export "count" (func 4))
  (export "name_byte" (func 5))
  (export "value_byte" (func 6))
  (export "mono" (func 7))
  (export "allocated" (func 8))
  (func (;2;) (type 2) (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    i32.const 1
    global.set $allocs
    global.get $heap
    local.get 2
    i32.const 1
    i32.sub
    i32.add
    i32.const 0
    local.get 2
    i32.sub
    i32.and
    local.set $at
    local.get $at
    local.get 3
    i32.add
    global.set $heap
    local.get $at
  )
  (func (;3;) (type 3)
    i32.const 16
    call $env
    i32.const 20
    i32.load
    global.set $count
    i32.const 16
    i32.load
    i32.load
    i32.load8_u
    global.set $name
    i32.const 16
    i32.load
    i32.const 8
    i32.add
    i32.load
    i32.load8_u
    global.set $value
    call $now
    global.set $mono
  )
  (func (;4;) (type 4) (result i32)
    global.get $count
  )
  (func (;5;) (type 4) (result i32)
    global.get $name
  )
  (func (;6;) (type 4) (result i32)
    global.get $value
  )
  (func (;7;) (type 1) (result i64)
    global.get $mono
  )
  (func (;8;) (type 4) (result i32)
    global.get $allocs
  )
  (data (;0;) (i32.const 17) "\04\00\00\01")
  (data (;1;) (i32.const 1024) "\10\04\00\00\01\00\00\00\11\04\00\00\01\00\00\00Ab")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
