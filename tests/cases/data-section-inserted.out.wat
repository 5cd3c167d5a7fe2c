(module $named
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (memory $mem (;0;) 1)
  (export "load" (func $load))
  (func $init (;0;) (type 0)
    i32.const 7
    i32.const 9
    i32.store8
  )
  (func $load (;1;) (type 1) (param $at i32) (result i32)
    local.get $at
    i32.load8_u
  )
  (data (;0;) (i32.const 7) "\09")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
