;; Components are not core modules.
;; input: text
;; error
(component)
