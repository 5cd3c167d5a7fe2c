;; An active data segment out of bounds fails instantiation.
;; error
(module
  (memory 1)
  (data (i32.const 65535) "ab")
  (func (export "wizer.initialize")))
