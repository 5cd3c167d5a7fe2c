;; A 64-bit table (memory64 proposal) grown and set during init: segments
;; use `i64.const` offsets.
;; node: skip Node 20 has no 64-bit tables
;; invoke: call(3) -> 10
;; invoke: size() -> 4
(module
  (table $tab i64 2 funcref)
  (elem declare func $f10)
  (type $t (func (result i32)))
  (func $f10 (type $t) (i32.const 10))
  (func (export "call") (param i64) (result i32) (call_indirect $tab (type $t) (local.get 0)))
  (func (export "size") (result i64) (table.size $tab))
  (func (export "wizer.initialize")
    (drop (table.grow $tab (ref.null func) (i64.const 2)))
    (table.set $tab (i64.const 3) (ref.func $f10))))
