(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (global $sum (;0;) (mut i32) i32.const 499500)
  (export "sum" (func 1))
  (func (;0;) (type 0)
    (local $i i32)
    loop $l
      global.get $sum
      local.get $i
      i32.add
      global.set $sum
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      local.get $i
      i32.const 1000
      i32.lt_u
      br_if $l
    end
  )
  (func (;1;) (type 1) (result i32)
    global.get $sum
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
