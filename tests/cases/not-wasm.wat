;; Bytes that are neither a module nor text (an ELF header).
;; input: hex 7f 45 4c 46 02 01 01 00 00 00 ff fe
;; error
(module)
