(module
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (result i32)))
  (memory $a (;0;) 1)
  (memory $b (;1;) 2 4)
  (memory $c (;2;) 1)
  (export "a" (memory $a))
  (export "b" (memory $b))
  (export "c" (memory $c))
  (export "load0" (func 1))
  (export "load1" (func 2))
  (export "load2" (func 3))
  (export "size1" (func 4))
  (func (;0;) (type 0)
    i32.const 1
    i32.const 11
    i32.store8
    i32.const 1
    memory.grow $b
    drop
    i32.const 70000
    i32.const 22
    i32.store8 $b
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (func (;2;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u $b
  )
  (func (;3;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u $c
  )
  (func (;4;) (type 2) (result i32)
    memory.size $b
  )
  (data (;0;) (i32.const 1) "\0b")
  (data (;1;) (memory $b) (i32.const 0) "bbb")
  (data (;2;) (memory $b) (i32.const 70000) "\16")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
