(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory $m0 (;0;) 1)
  (memory $m1 (;1;) 1)
  (export "m0" (memory $m0))
  (export "m1" (memory $m1))
  (export "second" (func 1))
  (export "again_dropped" (func 2))
  (export "again_kept" (func 3))
  (func (;0;) (type 0)
    i32.const 0
    i32.const 0
    i32.const 1
    memory.init $m1 $a
    data.drop $a
    i32.const 0
    i32.const 0
    i32.const 1
    memory.init $b
  )
  (func (;1;) (type 1) (result i32)
    i32.const 0
    i32.load8_u $m1
  )
  (func (;2;) (type 0)
    i32.const 4
    i32.const 0
    i32.const 1
    memory.init $a
  )
  (func (;3;) (type 1) (result i32)
    i32.const 4
    i32.const 0
    i32.const 1
    memory.init $m1 $b
    i32.const 4
    i32.load8_u $m1
  )
  (data $a (;0;) "")
  (data $b (;1;) "B")
  (data (;2;) (i32.const 0) "B")
  (data (;3;) (memory $m1) (i32.const 0) "A")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
