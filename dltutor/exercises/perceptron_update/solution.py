"""Exercise 2 · One perceptron update: a reference solution."""

import torch


def perceptron_update(w: torch.Tensor, b: float, x: torch.Tensor, t: float, lr: float) -> tuple[torch.Tensor, float]:
    y = 1.0 if float(w @ x + b) > 0 else 0.0
    error = t - y
    return w + lr * error * x, b + lr * error
