(module $m
  (@custom "first" (before first) "a")
  (type (;0;) (func))
  (type (;1;) (func (param i32) (result i32)))
  (@custom "after-type" (after type) "b")
  (memory (;0;) 1)
  (export "load" (func 1))
  (func $f (;0;) (type 0)
    i32.const 0
    i32.const 1
    i32.store8
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
    i32.load8_u
  )
  (@custom "after-code" (after code) "c")
  (data (;0;) (i32.const 0) "\01\00\00\00\00x")
  (@custom "last" (after data) "d")
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
