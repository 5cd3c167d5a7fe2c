(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32) (result i32)))
  (memory (;0;) 3 5)
  (export "mem" (memory 0))
  (export "size" (func 1))
  (export "load" (func 2))
  (export "grow" (func 3))
  (func (;0;) (type 0)
    i32.const 2
    memory.grow
    drop
    i32.const 131072
    i32.const 7
    i32.store8
  )
  (func (;1;) (type 1) (result i32)
    memory.size
  )
  (func (;2;) (type 2) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (func (;3;) (type 1) (result i32)
    i32.const 1
    memory.grow
  )
  (data (;0;) (i32.const 131072) "\07")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
