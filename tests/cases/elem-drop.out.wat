(module
  (type $t (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (table $tab (;0;) 2 funcref)
  (export "call" (func 3))
  (export "size" (func 4))
  (export "from_dropped" (func 5))
  (export "from_kept" (func 6))
  (elem $dropped (;0;) func)
  (elem $kept (;1;) func $f20)
  (func $f10 (;0;) (type $t) (result i32)
    i32.const 10
  )
  (func $f20 (;1;) (type $t) (result i32)
    i32.const 20
  )
  (func $f30 (;2;) (type $t) (result i32)
    i32.const 30
  )
  (func (;3;) (type 1) (param i32) (result i32)
    local.get 0
    call_indirect (type $t)
  )
  (func (;4;) (type $t) (result i32)
    table.size $tab
  )
  (func (;5;) (type 2)
    i32.const 0
    i32.const 0
    i32.const 1
    table.init $dropped
  )
  (func (;6;) (type 2)
    i32.const 0
    i32.const 0
    i32.const 1
    table.init $kept
  )
  (func (;7;) (type 2)
    elem.drop $dropped
  )
  (@producers
    (processed-by "wizer-lite" "0.1.0")
  )
)
