(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (global $depth (;0;) (mut i32) i32.const 20000)
  (export "depth" (func 2))
  (func $down (;0;) (type 0) (param $n i32)
    global.get $depth
    i32.const 1
    i32.add
    global.set $depth
    local.get $n
    if ;; label = @1
      local.get $n
      i32.const 1
      i32.sub
      call $down
    end
  )
  (func (;1;) (type 1)
    i32.const 19999
    call $down
  )
  (func (;2;) (type 2) (result i32)
    global.get $depth
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
