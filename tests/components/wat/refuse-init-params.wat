;; An init function with a parameter.
(component
  (core module $m (func (export "init") (param i32)))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (param "x" u32) (canon lift (core func $i "init"))))
