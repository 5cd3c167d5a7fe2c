;; A nested component without core modules (it re-exports an import) is
;; no state of init's: it passes through, and its function stays wired.
(component
  (import "log" (func $log (param "x" u32)))
  (component $wrap
    (import "f" (func $f (param "x" u32)))
    (export "g" (func $f)))
  (instance $w (instantiate $wrap (with "f" (func $log))))
  (alias export $w "g" (func $g))
  (core func $g-core (canon lower (func $g)))
  (core module $m
    (import "h" "g" (func $g (param i32)))
    (global $v (mut i32) (i32.const 0))
    (func (export "init") (global.set $v (i32.const 9)))
    (func (export "run") (result i32) (call $g (global.get $v)) (global.get $v)))
  (core instance $i (instantiate $m (with "h" (instance (export "g" (func $g-core))))))
  (func (export "wizer-initialize") (canon lift (core func $i "init")))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))
