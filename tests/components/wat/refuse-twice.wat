;; A core module instantiated twice.
(component
  (core module $m (global (mut i32) (i32.const 0)) (func (export "init")))
  (core instance $one (instantiate $m))
  (core instance $two (instantiate $m))
  (func (export "wizer-initialize") (canon lift (core func $one "init"))))
