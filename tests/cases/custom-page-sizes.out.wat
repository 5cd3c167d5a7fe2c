(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32) (result i32)))
  (memory (;0;) 300 (pagesize 0x1))
  (export "size" (func 1))
  (export "load" (func 2))
  (func (;0;) (type 0)
    i32.const 200
    memory.grow
    drop
    i32.const 299
    i32.const 5
    i32.store8
  )
  (func (;1;) (type 1) (result i32)
    memory.size
  )
  (func (;2;) (type 2) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (data (;0;) (i32.const 299) "\05")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
