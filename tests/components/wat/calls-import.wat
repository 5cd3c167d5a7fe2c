;; Init calls a function the component imports: refused, naming it.
(component
  (import "host:api/log" (instance $api (export "log" (func (param "x" u32)))))
  (alias export $api "log" (func $log))
  (core func $log-core (canon lower (func $log)))
  (core instance $host (export "log" (func $log-core)))
  (core module $m
    (import "host" "log" (func $log (param i32)))
    (func (export "init") (call $log (i32.const 1))))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
