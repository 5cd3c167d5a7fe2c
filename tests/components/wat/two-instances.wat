;; State in two core instances: $b imports $a's memory and global, writes
;; both during init, and has an active data segment in $a's memory that
;; must not be applied again over what init wrote.
(component
  (core module $a
    (memory (export "memory") 1)
    (global (export "counter") (mut i32) (i32.const 100))
    (func (export "read") (result i32)
      (i32.add (i32.load (i32.const 16)) (i32.load8_u (i32.const 32)))))
  (core module $b
    (import "a" "memory" (memory 1))
    (import "a" "counter" (global $counter (mut i32)))
    (data (i32.const 32) "\01")
    (func (export "init")
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (i32.store (i32.const 16) (i32.const 4000))
      (i32.store8 (i32.const 32) (i32.const 50)))
    (func (export "count") (result i32) (global.get $counter)))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "wizer-initialize") (canon lift (core func $ib "init")))
  (func (export "read") (result u32) (canon lift (core func $ia "read")))
  (func (export "count") (result u32) (canon lift (core func $ib "count"))))
