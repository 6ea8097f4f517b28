"""Coding exercises: stubs the learner fills in, checked against torch in a sandboxed checker process.

`registry` lists them in course order; each has a folder here with its stub, reference solution,
check and hints. Nothing in this package imports torch except `checker`, `checking` and the
exercises' `check`, `stub` and `solution` modules, which only the checker process loads.
"""
