"""The end-to-end resident evaluation: conversations written blind, run over REST, scored.

`make eval` runs it against the running assistant; `make test` runs it with floors
(tests/e2e/test_resident_eval.py). Cases live in tests/eval/open/ (read and used to choose
thresholds) and tests/eval/sealed/ (scored only in aggregate, never read while changing data or
the model).
"""
