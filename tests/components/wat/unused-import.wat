;; The component imports a function that init never calls: it snapshots,
;; and the import is still wired at run time (`log` is called by `run`).
(component
  (import "log" (func $log (param "x" u32)))
  (core func $log-core (canon lower (func $log)))
  (core instance $host (export "log" (func $log-core)))
  (core module $m
    (import "host" "log" (func $log (param i32)))
    (global $g (mut i32) (i32.const 0))
    (func (export "init") (global.set $g (i32.const 42)))
    (func (export "run") (result i32) (call $log (global.get $g)) (global.get $g)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "wizer-initialize") (canon lift (core func $i "init")))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))
