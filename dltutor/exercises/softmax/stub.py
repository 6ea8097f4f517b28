"""Exercise 5 · A numerically stable softmax (lecture 4)

Softmax turns scores z into probabilities along one dimension:

    softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)

exp(1000) is inf in floating point, and inf / inf is nan, so the formula as written fails on
large scores. Since softmax(z) = softmax(z − c) for any constant c, subtract the largest score
first: every exponent is then ≤ 0.

Write `softmax(z, dim=-1)`: the softmax of a tensor of any shape along `dim` (the other
dimensions are independent rows), same shape as z. Without torch.softmax, of course.

    dltutor exercise check softmax      dltutor exercise hint softmax
"""

import torch


def softmax(z: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # TODO: subtract the max along dim (keepdim=True), exponentiate, divide by the sum along dim
    raise NotImplementedError("softmax")
