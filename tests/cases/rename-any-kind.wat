;; Renames apply to every kind of export, not only functions.
;; args: -r memory=scratch -r counter=g
(module
  (memory (export "scratch") 1)
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (i32.store (i32.const 0) (i32.const 5))))
