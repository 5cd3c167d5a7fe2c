;; SIMD during init, and a mutable v128 global snapshotted bit-exact.
;; invoke: lane(0) -> 3
;; invoke: lane(3) -> 9
;; invoke: vec() -> v128:0x000000040000000300000002ffffffff
(module
  (memory 1)
  (global $v (mut v128) (v128.const i32x4 0 0 0 0))
  (func (export "wizer.initialize")
    (v128.store (i32.const 16)
      (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 2 2 2 5)))
    (global.set $v (v128.const i32x4 -1 2 3 4)))
  (func (export "lane") (param i32) (result i32)
    (i32.load (i32.add (i32.const 16) (i32.mul (local.get 0) (i32.const 4)))))
  (func (export "vec") (result v128) (global.get $v)))
