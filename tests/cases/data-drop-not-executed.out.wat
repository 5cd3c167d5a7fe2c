(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 1)
  (export "memory" (memory 0))
  (export "drop" (func 1))
  (export "from_seg" (func 2))
  (func (;0;) (type 0))
  (func (;1;) (type 0)
    data.drop $seg
  )
  (func (;2;) (type 1) (result i32)
    i32.const 0
    i32.const 0
    i32.const 2
    memory.init $seg
    i32.const 0
    i32.load16_u
  )
  (data $seg (;0;) "ok")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
