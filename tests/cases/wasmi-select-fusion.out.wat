(module
  (type $get (;0;) (func (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (param i32) (result i32)))
  (type (;3;) (func (result i64)))
  (type (;4;) (func (result f64)))
  (table $r (;0;) 9 funcref)
  (memory (;0;) 1)
  (global $minus (;0;) (mut i32) i32.const -1)
  (global $wide (;1;) (mut i64) i64.const 4)
  (global $float (;2;) (mut f64) f64.const 0x1.4p+1 (;=2.5;))
  (global $vector (;3;) (mut v128) v128.const i32x4 0x00000008 0x00000008 0x00000008 0x00000008)
  (global $r0 (;4;) (mut i32) i32.const 2)
  (global $r1 (;5;) (mut i32) i32.const 1)
  (global $r2 (;6;) (mut i32) i32.const 1)
  (global $r3 (;7;) (mut i32) i32.const 2)
  (global $r4 (;8;) (mut i32) i32.const 2)
  (global $r5 (;9;) (mut i32) i32.const 2)
  (global $r6 (;10;) (mut i32) i32.const 0)
  (global $r7 (;11;) (mut i32) i32.const 2)
  (global $r8 (;12;) (mut i32) i32.const 7)
  (export "r" (func 10))
  (export "wide" (func 11))
  (export "float" (func 12))
  (export "vector" (func 13))
  (elem (;0;) (table $r) (i32.const 0) func $g0 $g1 $g2 $g3 $g4 $g5 $g6 $g7 $g8)
  (func (;0;) (type 1)
    (local $zero i32) (local $one i32) (local $zero64 i64)
    i32.const 1
    local.set $one
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.eqz
    select
    i32.add
    global.set $r0
    memory.size
    i32.const 1
    i32.const 0
    local.get $one
    i32.eqz
    select
    i32.add
    global.set $r1
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.const 0
    i32.ne
    select
    i32.add
    global.set $r2
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.const 0
    i32.eq
    select (result i32)
    i32.add
    global.set $r3
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.eqz
    i32.eqz
    i32.eqz
    select
    i32.add
    global.set $r4
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.eqz
    nop
    select
    i32.add
    global.set $r5
    global.get $minus
    i32.const 1
    i32.const 0
    local.get $zero
    i32.eqz
    select
    i32.add
    global.set $r6
    memory.size
    i32.const 1
    i32.const 0
    local.get $zero
    i32.eqz
    i32.const 9
    drop
    select
    i32.add
    global.set $r7
    memory.size
    i32.const 7
    i32.mul
    i32.const 1
    local.get $zero
    local.get $zero
    i32.eqz
    select
    i32.div_u
    global.set $r8
    memory.size
    i32.const 2
    i32.add
    i64.extend_i32_u
    i64.const 1
    local.get $zero64
    local.get $zero
    i32.eqz
    select
    i64.add
    global.set $wide
    memory.size
    f64.convert_i32_u
    f64.const 0x1p-1 (;=0.5;)
    f64.add
    global.set $float
    global.get $float
    f64.const 0x1p+0 (;=1;)
    f64.const 0x0p+0 (;=0;)
    local.get $zero
    i32.eqz
    select
    f64.add
    global.set $float
    memory.size
    i32.const 6
    i32.add
    i32x4.splat
    v128.const i32x4 0x00000001 0x00000001 0x00000001 0x00000001
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.get $zero
    i32.eqz
    select
    i32x4.add
    global.set $vector
  )
  (func $g0 (;1;) (type $get) (result i32)
    global.get $r0
  )
  (func $g1 (;2;) (type $get) (result i32)
    global.get $r1
  )
  (func $g2 (;3;) (type $get) (result i32)
    global.get $r2
  )
  (func $g3 (;4;) (type $get) (result i32)
    global.get $r3
  )
  (func $g4 (;5;) (type $get) (result i32)
    global.get $r4
  )
  (func $g5 (;6;) (type $get) (result i32)
    global.get $r5
  )
  (func $g6 (;7;) (type $get) (result i32)
    global.get $r6
  )
  (func $g7 (;8;) (type $get) (result i32)
    global.get $r7
  )
  (func $g8 (;9;) (type $get) (result i32)
    global.get $r8
  )
  (func (;10;) (type 2) (param i32) (result i32)
    local.get 0
    call_indirect (type $get)
  )
  (func (;11;) (type 3) (result i64)
    global.get $wide
  )
  (func (;12;) (type 4) (result f64)
    global.get $float
  )
  (func (;13;) (type $get) (result i32)
    global.get $vector
    i32x4.extract_lane 2
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
