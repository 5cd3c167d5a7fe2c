;; Relaxed SIMD runs with the deterministic profile.
;; invoke: load() -> f32:0x40e00000
(module
  (memory 1)
  (func (export "wizer.initialize")
    (v128.store (i32.const 0)
      (f32x4.relaxed_madd (v128.const f32x4 2 2 2 2) (v128.const f32x4 3 3 3 3)
                          (v128.const f32x4 1 1 1 1))))
  (func (export "load") (result f32) (f32.load (i32.const 0))))
