;; An init function with a result.
(component
  (core module $m (func (export "init") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (result u32) (canon lift (core func $i "init"))))
