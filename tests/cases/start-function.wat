;; The start function runs before init; its effects are captured and the
;; start section is dropped so it does not run again.
;; invoke: count() -> 11
(module
  (memory 1)
  (global $count (mut i32) (i32.const 0))
  (func $start (global.set $count (i32.const 1)) (i32.store (i32.const 0) (i32.const 100)))
  (start $start)
  (func (export "wizer.initialize")
    (global.set $count (i32.add (global.get $count) (i32.const 10))))
  (func (export "count") (result i32) (global.get $count)))
