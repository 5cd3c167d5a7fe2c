;; Renaming the init export without `--keep-init-func` is an error: the
;; export is removed from the snapshot.
;; args: -r start=wizer.initialize
;; error
(module (func (export "wizer.initialize")))
