(module
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (memory (;0;) 1)
  (export "load" (func 1))
  (func (;0;) (type 0)
    i32.const 65535
    i32.const 255
    i32.store8
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (data (;0;) (i32.const 65535) "\ff")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
