"""Exercise 7 · MSE and its gradient (lecture 5)

The course's mean squared error between outputs y and targets t (tensors of the same shape,
n elements) is the mean of the squared differences, with no ½ in front:

    MSE(y, t) = (1/n) Σᵢ (tᵢ − yᵢ)²

Write `mse(y, t)`, a 0-dimensional tensor, and `mse_grad(y, t)`: ∂MSE/∂y, a tensor shaped like
y, worked out by hand. The check compares with torch.nn.functional.mse_loss and autograd, and
runs torch.autograd.gradcheck with your gradient as the backward pass.

    dltutor exercise check mse      dltutor exercise hint mse
"""

import torch


def mse(y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    # TODO: the mean of (t − y)²
    raise NotImplementedError("mse")


def mse_grad(y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    # TODO: ∂MSE/∂y, elementwise
    raise NotImplementedError("mse_grad")
