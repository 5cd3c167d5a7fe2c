(module
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (memory (;0;) 1)
  (export "memory" (memory 0))
  (export "copy_passive" (func 1))
  (export "load" (func 2))
  (func (;0;) (type 0)
    i32.const 200
    i32.const 33
    i32.store8
    i32.const 10
    i32.const 87
    i32.store8
  )
  (func (;1;) (type 0)
    i32.const 100
    i32.const 0
    i32.const 7
    memory.init $p
  )
  (func (;2;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (data (;0;) "")
  (data $p (;1;) "PASSIVE")
  (data (;2;) "")
  (data (;3;) (i32.const 0) "hello\00\00\00\00\00World")
  (data (;4;) (i32.const 200) "!")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
