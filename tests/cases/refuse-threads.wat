;; Shared memory needs the threads proposal, which is rejected at validation.
;; error
(module
  (memory 1 1 shared)
  (func (export "wizer.initialize")))
