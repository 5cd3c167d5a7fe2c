;; No init function: the error names both default names.
;; error
(module (func (export "run")))
