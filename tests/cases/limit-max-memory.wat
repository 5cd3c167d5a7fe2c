;; `--max-memory BYTES`: growing a memory beyond it fails as `memory.grow`
;; returning -1; growing within it works.
;; args: --max-memory 256K
;; no-oracle: the reference run has no memory limit
;; invoke: big() -> -1
;; invoke: small() -> 1
;; invoke: size() -> 3
(module
  (memory 1)
  (global $big (mut i32) (i32.const 0))
  (global $small (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (global.set $big (memory.grow (i32.const 100)))
    (global.set $small (memory.grow (i32.const 2))))
  (func (export "big") (result i32) (global.get $big))
  (func (export "small") (result i32) (global.get $small))
  (func (export "size") (result i32) (memory.size)))
