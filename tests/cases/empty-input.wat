;; An empty input.
;; input: hex
;; error
(module)
