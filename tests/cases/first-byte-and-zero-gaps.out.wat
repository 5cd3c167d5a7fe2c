(module
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (memory (;0;) 1)
  (export "load" (func 1))
  (func (;0;) (type 0)
    i32.const 0
    i32.const 1
    i32.store8
    i32.const 3
    i32.const 2
    i32.store8
    i32.const 1000
    i32.const 3
    i32.store8
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (data (;0;) (i32.const 0) "\01\00\00\02")
  (data (;1;) (i32.const 1000) "\03")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
