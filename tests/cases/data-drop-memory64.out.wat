(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) i64 1)
  (export "memory" (memory 0))
  (export "from_dropped" (func 1))
  (export "from_kept" (func 2))
  (export "first" (func 3))
  (func (;0;) (type 0)
    i64.const 0
    i32.const 0
    i32.const 1
    memory.init $x
    data.drop $x
  )
  (func (;1;) (type 0)
    i64.const 8
    i32.const 0
    i32.const 1
    memory.init $x
  )
  (func (;2;) (type 1) (result i32)
    i64.const 8
    i32.const 0
    i32.const 1
    memory.init $y
    i64.const 8
    i32.load8_u
  )
  (func (;3;) (type 1) (result i32)
    i64.const 0
    i32.load8_u
  )
  (data $x (;0;) "")
  (data $y (;1;) "Y")
  (data (;2;) (i64.const 0) "X")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
