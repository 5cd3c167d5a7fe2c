(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (table $t (;0;) 4 funcref)
  (global $huge (;0;) (mut i32) i32.const -1)
  (global $small (;1;) (mut i32) i32.const 1)
  (export "huge" (func 1))
  (export "small" (func 2))
  (export "size" (func 3))
  (func (;0;) (type 0)
    ref.null func
    i32.const 2147483647
    table.grow $t
    global.set $huge
    ref.null func
    i32.const 3
    table.grow $t
    global.set $small
  )
  (func (;1;) (type 1) (result i32)
    global.get $huge
  )
  (func (;2;) (type 1) (result i32)
    global.get $small
  )
  (func (;3;) (type 1) (result i32)
    table.size $t
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
