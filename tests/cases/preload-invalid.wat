;; An invalid preload is an error naming it.
;; args: --preload env=bad.wat
;; file: bad.wat (module (func (result i32)))
;; error
(module (func (export "wizer.initialize")))
