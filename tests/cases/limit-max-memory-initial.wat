;; A memory that starts above `--max-memory` is refused before anything is
;; allocated or run, with an error that names the memory and the limit.
;; args: --max-memory 64K
;; error
(module
  (memory 1)
  (memory 2)
  (func (export "wizer.initialize")))
