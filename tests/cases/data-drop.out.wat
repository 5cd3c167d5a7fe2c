(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 1)
  (export "memory" (memory 0))
  (export "from_dropped" (func 1))
  (export "from_dropped_nothing" (func 2))
  (export "from_kept" (func 3))
  (export "first" (func 4))
  (func (;0;) (type 0)
    i32.const 0
    i32.const 0
    i32.const 4
    memory.init $kept
    data.drop $dropped
    data.drop $active
  )
  (func (;1;) (type 0)
    i32.const 16
    i32.const 0
    i32.const 1
    memory.init $dropped
  )
  (func (;2;) (type 0)
    i32.const 16
    i32.const 0
    i32.const 0
    memory.init $dropped
  )
  (func (;3;) (type 1) (result i32)
    i32.const 8
    i32.const 0
    i32.const 4
    memory.init $kept
    i32.const 8
    i32.load
  )
  (func (;4;) (type 1) (result i32)
    i32.const 0
    i32.load
  )
  (data $kept (;0;) "kept")
  (data $dropped (;1;) "")
  (data $active (;2;) "")
  (data (;3;) (i32.const 0) "kept")
  (data (;4;) (i32.const 100) "active")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
