"""Exercise 7 · MSE and its gradient: a reference solution."""

import torch


def mse(y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    return ((t - y) ** 2).mean()


def mse_grad(y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    # d/dyᵢ of (1/n) Σ (tⱼ − yⱼ)² = (2/n)(yᵢ − tᵢ): the chain rule brings out a −1 from (t − y).
    return 2 * (y - t) / y.numel()
