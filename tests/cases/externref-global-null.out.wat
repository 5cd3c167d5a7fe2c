(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func))
  (table $x (;0;) 2 externref)
  (global $e (;0;) (mut externref) ref.null extern)
  (export "is_null" (func 0))
  (func (;0;) (type 0) (result i32)
    global.get $e
    ref.is_null
  )
  (func (;1;) (type 1)
    i32.const 1
    table.get $x
    global.set $e
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
