;; The budget covers every phase: a start function that loops is stopped,
;; and the error names the start function.
;; args: --fuel 5000
;; error
(module
  (func $start (loop $forever (br $forever)))
  (start $start)
  (func (export "wizer.initialize")))
