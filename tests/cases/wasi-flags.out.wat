(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func))
  (type (;2;) (func (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func (;0;) (type 0) (param i32)))
  (global $v (;0;) (mut i32) i32.const 1)
  (export "v" (func 2))
  (func (;1;) (type 1)
    i32.const 1
    global.set $v
  )
  (func (;2;) (type 2) (result i32)
    global.get $v
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
