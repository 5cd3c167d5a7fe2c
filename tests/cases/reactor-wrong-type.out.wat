(module
  (type (;0;) (func (param i32) (result i32)))
  (type (;1;) (func))
  (export "_initialize" (func 0))
  (func (;0;) (type 0) (param i32) (result i32)
    local.get 0
  )
  (func (;1;) (type 1))
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
