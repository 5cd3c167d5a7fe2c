;; A refusal names the function by its name-section name when there is one.
;; error
(module
  (memory 1)
  (data $d "x")
  (func (export "wizer.initialize"))
  (func $forget_data (data.drop $d)))
