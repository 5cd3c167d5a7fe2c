;; `--keep-init-func` (no value, directly before the input path) keeps the
;; init export; calling it again on the snapshot behaves as on the original.
;; args: --keep-init-func
;; invoke: n() -> 1
;; invoke: wizer.initialize()
;; invoke: n() -> 2
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (func (export "n") (result i32) (global.get $n)))
