"""The guided session: a support worker and a client go from what is happening to the checks that could explain it.

`script` reads the questions and concerns (data in questions.yaml and concerns.yaml),
`session` is the state machine any front end drives, `answers` runs it from an answers
file, and `summary` gathers and renders its end.
"""
