;; Preloads are instantiated in order, so a later one may import an earlier
;; one; each keeps its own state.
;; args: --preload a=a.wat --preload b=b.wat
;; no-oracle: the reference run has no preload
;; file: a.wat (module (global $n (mut i32) (i32.const 0)) (func (export "next") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))
;; file: b.wat (module (import "a" "next" (func $next (result i32))) (func (export "twice") (result i32) (i32.add (call $next) (call $next))))
;; invoke: v() -> 10
(module
  (import "b" "twice" (func $twice (result i32)))
  (import "a" "next" (func $next (result i32)))
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    ;; 1 + 2, then 3 + 4.
    (global.set $v (i32.add (call $twice) (call $twice))))
  (func (export "v") (result i32) (global.get $v)))
