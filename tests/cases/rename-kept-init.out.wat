(module
  (type (;0;) (func))
  (global (;0;) (mut i32) i32.const 0)
  (export "n" (global 0))
  (export "reinit" (func 0))
  (func (;0;) (type 0))
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
