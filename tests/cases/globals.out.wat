(module
  (type (;0;) (func))
  (type (;1;) (func (result i64)))
  (type (;2;) (func (result f32)))
  (type (;3;) (func (result f64)))
  (type (;4;) (func (result i32)))
  (global $i32 (;0;) (mut i32) i32.const 41)
  (global $i64 (;1;) (mut i64) i64.const 1311768465173141105)
  (global $f32 (;2;) (mut f32) f32.const nan:0x200000 (;=NaN;))
  (global $f64 (;3;) (mut f64) f64.const nan:0x123 (;=NaN;))
  (global $nan (;4;) (mut f32) f32.const nan (;=NaN;))
  (global $neg_zero (;5;) (mut f64) f64.const -0x0p+0 (;=-0;))
  (global $untouched (;6;) (mut i32) i32.const 77)
  (global $const (;7;) i32 i32.const 5)
  (global $const2 (;8;) i64 i64.const -9)
  (export "i32" (global $i32))
  (export "f64" (global $f64))
  (export "neg_zero" (global $neg_zero))
  (export "const" (global $const))
  (export "get_i64" (func 1))
  (export "get_f32" (func 2))
  (export "get_f64" (func 3))
  (export "get_computed_nan" (func 4))
  (export "bump" (func 5))
  (func (;0;) (type 0)
    i32.const 41
    global.set $i32
    i64.const 1311768465173141105
    global.set $i64
    f32.const nan:0x200000 (;=NaN;)
    global.set $f32
    f64.const nan:0x123 (;=NaN;)
    global.set $f64
    f32.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f32.div
    global.set $nan
    f64.const -0x0p+0 (;=-0;)
    global.set $neg_zero
  )
  (func (;1;) (type 1) (result i64)
    global.get $i64
  )
  (func (;2;) (type 2) (result f32)
    global.get $f32
  )
  (func (;3;) (type 3) (result f64)
    global.get $f64
  )
  (func (;4;) (type 2) (result f32)
    global.get $nan
  )
  (func (;5;) (type 4) (result i32)
    global.get $i32
    i32.const 1
    i32.add
    global.set $i32
    global.get $i32
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
