;; With `--keep-init-func`, the init export can be renamed.
;; args: --keep-init-func true -r reinit=wizer.initialize
;; invoke: reinit()
(module
  (global (export "n") (mut i32) (i32.const 0))
  (func (export "wizer.initialize")))
