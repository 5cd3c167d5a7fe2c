(module
  (type (;0;) (func (param i32) (result i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (import "math" "square" (func $square (;0;) (type 0) (param i32) (result i32)))
  (global $v (;0;) (mut i32) i32.const 144)
  (export "v" (func 2))
  (func (;1;) (type 1)
    i32.const 12
    call $square
    global.set $v
  )
  (func (;2;) (type 2) (result i32)
    global.get $v
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
