"""Exercise 3 · Training a perceptron on AND (lecture 3)

Train a perceptron with the learning rule of exercise 2, starting from w = 0 and b = 0:
visit the examples in order, one epoch after another, update after each mistake, and stop
after the first epoch that makes no mistake (or after `epochs` epochs).

    y  = σ(w·x + b)          σ(z) = 1 if z > 0 else 0
    Δw = λ (t − y) x,  Δb = λ (t − y)

Write `train_perceptron(x, t, lr, epochs)`: x holds one example per row (n × d), t the n
targets (0 or 1). Return the final (w, b): w a tensor of length d, b a number.

The check trains on AND, OR, NAND and random separable points, and compares your weights
with the rule's. λ = 0.25 keeps every sum exact in floating point, so they match exactly.

    dltutor exercise check perceptron-and      dltutor exercise hint perceptron-and
"""

import torch

AND_X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
AND_T = torch.tensor([0.0, 0.0, 0.0, 1.0])


def train_perceptron(x: torch.Tensor, t: torch.Tensor, lr: float = 0.25, epochs: int = 100) -> tuple[torch.Tensor, float]:
    # TODO: w = zeros, b = 0; for each epoch, for each example: predict, update on a mistake;
    # stop after an epoch without mistakes
    raise NotImplementedError("train_perceptron")
