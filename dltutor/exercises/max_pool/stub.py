"""Exercise 11 · Max pooling (lecture 6)

Max pooling slides a size × size window over each channel of x (C × H × W), `stride` positions
at a time (by default stride = size, windows side by side), and keeps the largest value of
each window. A window that would run past the edge is dropped, as in exercise 9:

    out[c, i, j] = max over u, v < size of  x[c, i·S + u, j·S + v]
    H_out = ⌊(H − size) / S⌋ + 1

Write `max_pool2d(x, size, stride=None)` (no torch.nn.functional.max_pool2d): return
C × H_out × W_out. Values may all be negative.

    dltutor exercise check max-pool      dltutor exercise hint max-pool
"""

import torch


def max_pool2d(x: torch.Tensor, size: int, stride: int | None = None) -> torch.Tensor:
    # TODO: stride defaults to size; loop over the output positions, take each window's max
    raise NotImplementedError("max_pool2d")
