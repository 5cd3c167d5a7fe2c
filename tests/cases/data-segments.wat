;; When some function uses `memory.init`, original active segments become
;; empty passive segments (they were already applied) and passive segments are
;; kept, so `memory.init` of them still works with the same data indices; the
;; snapshot's segments are appended and the data count is updated.
;; invoke: load(0) -> 104
;; invoke: load(100) -> 0
;; invoke: copy_passive()
;; invoke: load(100) -> 80
;; invoke: load(200) -> 33
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "hello")
  (data $p "PASSIVE")
  (data (i32.const 10) "world")
  (func (export "wizer.initialize")
    (i32.store8 (i32.const 200) (i32.const 33))
    ;; Overwrite part of an applied segment: the snapshot holds the result.
    (i32.store8 (i32.const 10) (i32.const 87)))
  (func (export "copy_passive")
    (memory.init $p (i32.const 100) (i32.const 0) (i32.const 7)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
