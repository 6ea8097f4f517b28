"""Exercise 6 · The sigmoid and its derivative: a reference solution."""

import torch


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    # exp(−z) overflows to inf for very negative z, and 1 / (1 + inf) = 0: still finite.
    return 1 / (1 + torch.exp(-z))


def sigmoid_derivative(z: torch.Tensor) -> torch.Tensor:
    s = sigmoid(z)
    return s * (1 - s)
