;; The init export must be a function.
;; error
(module (global (export "wizer.initialize") i32 (i32.const 0)))
