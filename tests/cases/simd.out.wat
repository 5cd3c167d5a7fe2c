(module
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (result v128)))
  (memory (;0;) 1)
  (global $v (;0;) (mut v128) v128.const i32x4 0xffffffff 0x00000002 0x00000003 0x00000004)
  (export "lane" (func 1))
  (export "vec" (func 2))
  (func (;0;) (type 0)
    i32.const 16
    v128.const i32x4 0x00000001 0x00000002 0x00000003 0x00000004
    v128.const i32x4 0x00000002 0x00000002 0x00000002 0x00000005
    i32x4.add
    v128.store
    v128.const i32x4 0xffffffff 0x00000002 0x00000003 0x00000004
    global.set $v
  )
  (func (;1;) (type 1) (param i32) (result i32)
    i32.const 16
    local.get 0
    i32.const 4
    i32.mul
    i32.add
    i32.load
  )
  (func (;2;) (type 2) (result v128)
    global.get $v
  )
  (data (;0;) (i32.const 16) "\03\00\00\00\04\00\00\00\05\00\00\00\09")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
