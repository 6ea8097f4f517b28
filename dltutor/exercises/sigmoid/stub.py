"""Exercise 6 · The sigmoid and its derivative (lecture 5)

The logistic sigmoid squashes any z into (0, 1), and its derivative is written with itself:

    σ(z) = 1 / (1 + e^(−z))
    σ'(z) = σ(z) (1 − σ(z))

Write `sigmoid(z)` and `sigmoid_derivative(z)`, elementwise on tensors of any shape, without
torch.sigmoid. They must stay finite for large |z| (z = ±1000): pick a form whose exp never
overflows into inf/inf.

The check compares with torch.sigmoid and autograd, and runs torch.autograd.gradcheck with
your derivative as the backward pass.

    dltutor exercise check sigmoid      dltutor exercise hint sigmoid
"""

import torch


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    # TODO: 1 / (1 + exp(−z)), elementwise
    raise NotImplementedError("sigmoid")


def sigmoid_derivative(z: torch.Tensor) -> torch.Tensor:
    # TODO: σ(z)(1 − σ(z)), elementwise
    raise NotImplementedError("sigmoid_derivative")
