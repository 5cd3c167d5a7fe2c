;; `--preload` needs `NAME=FILE`.
;; args: --preload justaname
;; error
(module (func (export "wizer.initialize")))
