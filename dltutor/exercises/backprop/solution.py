"""Exercise 8 · Backprop for a 2-2-1 network by hand: a reference solution."""

import torch


def backprop(x: torch.Tensor, t: float, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor,
             b2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    h = 1 / (1 + torch.exp(-(w1 @ x + b1)))
    y = 1 / (1 + torch.exp(-(w2 @ h + b2)))
    delta_o = -2 * (t - y) * y * (1 - y)
    delta_h = h * (1 - h) * w2 * delta_o
    # ∂loss/∂w1[j, i] = δⱼ xᵢ: the outer product; each bias's gradient is its unit's delta.
    return torch.outer(delta_h, x), delta_h, delta_o * h, delta_o
