(module
  (type (;0;) (func))
  (type (;1;) (func (result f32)))
  (memory (;0;) 1)
  (export "load" (func 1))
  (func (;0;) (type 0)
    i32.const 0
    v128.const i32x4 0x40000000 0x40000000 0x40000000 0x40000000
    v128.const i32x4 0x40400000 0x40400000 0x40400000 0x40400000
    v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000
    f32x4.relaxed_madd
    v128.store
  )
  (func (;1;) (type 1) (result f32)
    i32.const 0
    f32.load
  )
  (data (;0;) (i32.const 2) "\e0@\00\00\e0@\00\00\e0@\00\00\e0@")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
