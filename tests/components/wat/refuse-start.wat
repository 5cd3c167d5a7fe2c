;; A component `start` function.
(component
  (core module $m (global (mut i32) (i32.const 0)) (func (export "init")) (func (export "go")))
  (core instance $i (instantiate $m))
  (func $go (canon lift (core func $i "go")))
  (start $go)
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
