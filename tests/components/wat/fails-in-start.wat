;; A core module's start function fails: the report names the start
;; function and its frames.
(component
  (core module $m
    (memory (export "memory") 1)
    (func $check (unreachable))
    (func $setup (call $check))
    (start $setup)
    (func (export "init")))
  (core instance $i (instantiate $m))
  (func (export "wizer-initialize") (canon lift (core func $i "init"))))
