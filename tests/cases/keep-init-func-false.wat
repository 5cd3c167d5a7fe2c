;; `--keep-init-func false` removes the init export, as by default.
;; args: --keep-init-func false
;; invoke: n() -> 1
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (func (export "n") (result i32) (global.get $n)))
