;; `--timeout SECONDS` stops a tight loop by the wall clock.
;; args: --timeout 0.3
;; error
(module
  (func (export "wizer.initialize") (loop $forever (br $forever))))
