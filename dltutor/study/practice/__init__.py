"""Generated practice problems: fresh numbers, the answer checked, a worked solution, the slip named.

A problem kind is one module in `kinds/` (its seeded generator, its reference answer computed
with the course's formulas in plain Python, its worked solution and its slips) and one row in
`kinds.KINDS`. `problem` holds what every kind shares, `answers` reads and grades what the
learner types, `session` runs a sitting against the store. Pure: no terminal, no torch.
"""
