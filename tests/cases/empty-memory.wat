;; A memory that stays zero produces no segments.
;; invoke: size() -> 2
(module
  (memory 2)
  (func (export "wizer.initialize"))
  (func (export "size") (result i32) (memory.size)))
