;; wit-bindgen's shape: the core function is exported under the component
;; export's name, `wizer-initialize`, and the component export aliases it
;; (wasmtime#13168). Exports after the init function's are numbered after
;; it, and one of them re-exports another by index.
(component
  (core module $m
    (memory (export "memory") 1)
    (global $state (mut i32) (i32.const 7))
    (func (export "wizer-initialize")
      (global.set $state (i32.mul (global.get $state) (i32.const 6))))
    (func (export "get") (result i32) (global.get $state)))
  (core instance $i (instantiate $m))
  (alias core export $i "wizer-initialize" (core func $init-core))
  (func $init (canon lift (core func $init-core)))
  (export "wizer-initialize" (func $init))
  (func $get (result u32) (canon lift (core func $i "get")))
  (export $get-export "get" (func $get))
  (export "get-again" (func $get-export)))
