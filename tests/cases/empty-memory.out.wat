(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 2)
  (export "size" (func 1))
  (func (;0;) (type 0))
  (func (;1;) (type 1) (result i32)
    memory.size
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
