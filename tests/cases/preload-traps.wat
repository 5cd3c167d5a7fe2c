;; A preload whose start function traps is an error naming the preload.
;; args: --preload env=trap.wat
;; file: trap.wat (module (func $s unreachable) (start $s))
;; error
(module (func (export "wizer.initialize")))
