"""Exercise 4 · One gradient-descent step (lecture 4)

A linear model predicts y = x w for a batch x of n examples (n × d) and weights w (length d).
Its loss on targets t is the mean squared error

    loss(w) = (1/n) Σₖ (yₖ − tₖ)²

Gradient descent moves the weights against the gradient, by the learning rate λ:

    Δw = −λ ∂loss/∂w

Write `gd_step(w, x, t, lr)`: work out ∂loss/∂w by hand (no autograd) and return the new
weights w + Δw.

    dltutor exercise check gd-step      dltutor exercise hint gd-step
"""

import torch


def gd_step(w: torch.Tensor, x: torch.Tensor, t: torch.Tensor, lr: float) -> torch.Tensor:
    # TODO: y = x @ w; the gradient of the mean of (y − t)² with respect to w; one step down it
    raise NotImplementedError("gd_step")
