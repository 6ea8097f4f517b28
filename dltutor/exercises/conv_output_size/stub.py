"""Exercise 9 · The output size of a convolution (lecture 6)

A filter of width F slides over an input of width W₁ padded with P zeros on each side, moving
S positions at a time. It fits at ⌊(W₁ − F + 2P) / S⌋ + 1 positions: when the stride does not
divide the remaining width, the last partial step is dropped (the floor).

    W₂ = ⌊(W₁ − F + 2P) / S⌋ + 1

Write `output_size(w1, f, p, s)`: the output width as an int, for any w1 + 2p ≥ f ≥ 1, s ≥ 1.
The check compares with the width torch's conv1d really produces.

    dltutor exercise check conv-output-size      dltutor exercise hint conv-output-size
"""


def output_size(w1: int, f: int, p: int, s: int) -> int:
    # TODO: the lecture's formula, with the floor (// divides and floors in Python)
    raise NotImplementedError("output_size")
