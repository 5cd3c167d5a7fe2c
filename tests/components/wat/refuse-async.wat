;; A component-model async built-in.
(component
  (core func $get (canon context.get i32 0))
  (core module $m
    (import "" "get" (func (result i32)))
    (func (export "init")))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get))))))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
