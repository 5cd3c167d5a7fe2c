;; `-r DST=SRC`: SRC is exported as DST and the old DST export is dropped.
;; args: -r run=resume
;; invoke: run() -> 2
(module
  (func (export "wizer.initialize"))
  (func (export "run") (result i32) (i32.const 1))
  (func (export "resume") (result i32) (i32.const 2)))
