(module
  (type (;0;) (func))
  (type (;1;) (func (result i64)))
  (global $hi (;0;) (mut i64) i64.const 1)
  (export "hi" (func 1))
  (func (;0;) (type 0)
    i64.const -1
    i64.const 0
    i64.const 1
    i64.const 0
    i64.add128
    global.set $hi
    drop
  )
  (func (;1;) (type 1) (result i64)
    global.get $hi
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
