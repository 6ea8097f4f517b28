"""Exercise 14 · Sinusoidal positional encoding (lecture 9)

A Transformer sees its inputs as a set; it learns their order from a positional encoding added
to each position's embedding. The sinusoidal one gives column pair (2i, 2i+1) a sine and a
cosine of the position at a wavelength that grows geometrically with i:

    PE[pos, 2i]     = sin(pos / 10000^(2i/d))
    PE[pos, 2i + 1] = cos(pos / 10000^(2i/d))

Write `positional_encoding(length, d)`: a float32 tensor of shape (length, d), rows the
positions 0 … length − 1. d may be odd (the last column is then a sine).

    dltutor exercise check positional-encoding      dltutor exercise hint positional-encoding
"""

import torch


def positional_encoding(length: int, d: int) -> torch.Tensor:
    # TODO: positions as a column, the rates 1 / 10000^(2i/d) as a row; sin in even columns, cos in odd
    raise NotImplementedError("positional_encoding")
