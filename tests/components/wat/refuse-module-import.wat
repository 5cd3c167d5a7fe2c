;; A core module imported rather than defined.
(component
  (import "lib" (core module $lib (export "init" (func))))
  (core instance $i (instantiate $lib))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
