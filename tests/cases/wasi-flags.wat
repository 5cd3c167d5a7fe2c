;; The WASI flags parse, in any order around the input path: the repeatable
;; `--dir` takes one value and does not swallow the input.
;; args: --allow-wasi --inherit-stdio false --inherit-env --env A=1 --mapdir /g::. --dir .
;; invoke: v() -> 1
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 1)))
  (func (export "v") (result i32) (global.get $v)))
