;; A component is taken, but this one has no init function to run.
;; input: text
;; error
(component)
