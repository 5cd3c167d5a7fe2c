(module
  (type (;0;) (func))
  (memory (;0;) 1)
  (global (;0;) (mut i32) i32.const 0)
  (export "memory" (memory 0))
  (export "counter" (global 0))
  (func (;0;) (type 0)
    i32.const 0
    i32.const 5
    i32.store
  )
  (data (;0;) (i32.const 0) "\05")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
