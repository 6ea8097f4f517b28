"""Exercise 1 · The binary threshold unit (lecture 2)

A binary threshold unit (BTU) fires when its weighted input z is above zero:

    σ(z) = 1 if z > 0,  0 if z ≤ 0

Write `btu(z)`: for a tensor z of any shape, return a tensor of the same shape and dtype
holding σ of each element (1.0 or 0.0).

    dltutor exercise check btu      dltutor exercise hint btu
"""

import torch


def btu(z: torch.Tensor) -> torch.Tensor:
    # TODO: 1.0 where z > 0, 0.0 elsewhere (z = 0 included), same shape and dtype as z
    raise NotImplementedError("btu")
