;; `--fuel N`: an init that loops forever is stopped by the instruction
;; budget, with an error naming the limit and the phase.
;; args: --fuel 100000
;; error
(module
  (func (export "wizer.initialize") (loop $forever (br $forever))))
