"""Exercise 3 · Training a perceptron on AND: a reference solution."""

import torch

AND_X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
AND_T = torch.tensor([0.0, 0.0, 0.0, 1.0])


def train_perceptron(x: torch.Tensor, t: torch.Tensor, lr: float = 0.25, epochs: int = 100) -> tuple[torch.Tensor, float]:
    w = torch.zeros(x.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for xk, tk in zip(x, t):
            y = 1.0 if float(w @ xk + b) > 0 else 0.0
            if y != float(tk):
                w = w + lr * (float(tk) - y) * xk
                b = b + lr * (float(tk) - y)
                mistakes += 1
        if mistakes == 0:
            break
    return w, b
