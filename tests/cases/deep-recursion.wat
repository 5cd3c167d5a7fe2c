;; Real programs recurse far deeper than wasmi's default 1,000 frames.
;; invoke: depth() -> 20000
(module
  (global $depth (mut i32) (i32.const 0))
  (func $down (param $n i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (if (local.get $n) (then (call $down (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "wizer.initialize") (call $down (i32.const 19999)))
  (func (export "depth") (result i32) (global.get $depth)))
