"""Exercise 2 · One perceptron update (lecture 3)

A perceptron with weights w and bias b predicts y = σ(w·x + b) with the BTU σ of exercise 1.
On the example (x, t) the learning rule moves the weights by the error times the input:

    y  = σ(w·x + b)
    Δw = λ (t − y) x
    Δb = λ (t − y)

Write `perceptron_update(w, b, x, t, lr)`: return the new weights and bias (w + Δw, b + Δb)
after this one example. w and x are 1-D tensors of the same length, b, t (0 or 1) and lr are
numbers. Do not change w in place.

    dltutor exercise check perceptron-update      dltutor exercise hint perceptron-update
"""

import torch


def perceptron_update(w: torch.Tensor, b: float, x: torch.Tensor, t: float, lr: float) -> tuple[torch.Tensor, float]:
    # TODO: predict y with the BTU, then apply Δw = λ(t − y)x and Δb = λ(t − y)
    raise NotImplementedError("perceptron_update")
