;; A component imported rather than defined.
(component
  (import "plugin" (component $c (export "go" (func))))
  (core module $m (func (export "init")))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
