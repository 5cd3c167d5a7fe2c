;; A nested component that holds a core module (with state).
(component
  (component $inner
    (core module $m (global (mut i32) (i32.const 0)) (func (export "f")))
    (core instance $i (instantiate $m))
    (func (export "f") (canon lift (core func $i "f"))))
  (instance $in (instantiate $inner))
  (core module $m (func (export "init")))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
