;; `--max-call-depth FRAMES` bounds recursion; exhausting it is an error
;; naming the limit.
;; args: --max-call-depth 500
;; error
(module
  (func $down (param $n i32)
    (if (local.get $n) (then (call $down (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "wizer.initialize") (call $down (i32.const 1000))))
