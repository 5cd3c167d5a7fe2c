;; The magic number with an unknown version.
;; input: hex 00 61 73 6d 02 00 00 00
;; error
(module)
