(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (export "run" (func 2))
  (func (;0;) (type 0))
  (func (;1;) (type 1) (result i32)
    i32.const 1
  )
  (func (;2;) (type 1) (result i32)
    i32.const 2
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
