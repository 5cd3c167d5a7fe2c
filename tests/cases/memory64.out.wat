(module
  (type (;0;) (func))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (result i64)))
  (memory (;0;) i64 2)
  (export "mem" (memory 0))
  (export "load" (func 1))
  (export "size" (func 2))
  (func (;0;) (type 0)
    i64.const 1
    memory.grow
    drop
    i64.const 70000
    i64.const 42
    i64.store8
  )
  (func (;1;) (type 1) (param i64) (result i64)
    local.get 0
    i64.load8_u
  )
  (func (;2;) (type 2) (result i64)
    memory.size
  )
  (data (;0;) (i64.const 8) "m64")
  (data (;1;) (i64.const 70000) "*")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
