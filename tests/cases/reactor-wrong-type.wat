;; An `_initialize` that is not `[] -> []` is not a reactor entry point: it
;; is not called and stays exported.
;; invoke: _initialize(5) -> 5
(module
  (func (export "_initialize") (param i32) (result i32) (local.get 0))
  (func (export "wizer.initialize")))
