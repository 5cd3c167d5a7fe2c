;; The wide-arithmetic proposal runs during init.
;; node: skip Node 20 has no wide arithmetic
;; invoke: hi() -> 1
(module
  (global $hi (mut i64) (i64.const 0))
  (func (export "wizer.initialize")
    (i64.add128 (i64.const -1) (i64.const 0) (i64.const 1) (i64.const 0))
    (global.set $hi)
    drop)
  (func (export "hi") (result i64) (global.get $hi)))
