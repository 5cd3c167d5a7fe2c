;; `--preload NAME=FILE` instantiates FILE (WAT or binary) first; init may
;; call its exports. The import stays in the output, to be satisfied at run
;; time.
;; args: --preload math=math.wat
;; no-oracle: the reference run has no preload
;; file: math.wat (module (func (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0))))
;; invoke: v() -> 144
(module
  (import "math" "square" (func $square (param i32) (result i32)))
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (call $square (i32.const 12))))
  (func (export "v") (result i32) (global.get $v)))
