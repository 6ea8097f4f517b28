"""Exercise 8 · Backprop for a 2-2-1 network by hand (lecture 5)

A 2-2-1 network of sigmoid units: two inputs x, two hidden units h, one output y.

    h = σ(W₁ x + b₁)          W₁: 2 × 2,  b₁: 2
    y = σ(w₂ · h + b₂)        w₂: 2,      b₂: a 0-dimensional tensor
    loss = (t − y)²

Backpropagate by hand with the deltas of the lecture (no autograd):

    δₒ = ∂loss/∂(output's z) = −2 (t − y) · y (1 − y)
    δⱼ = hⱼ (1 − hⱼ) · w₂ⱼ δₒ      for each hidden unit j

Write `backprop(x, t, w1, b1, w2, b2)`: return the gradients of the loss with respect to
(w1, b1, w2, b2), each shaped like its parameter. The check compares them with autograd and
runs torch.autograd.gradcheck with your gradients as the backward pass.

    dltutor exercise check backprop      dltutor exercise hint backprop
"""

import torch


def backprop(x: torch.Tensor, t: float, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor,
             b2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    # TODO: forward pass (h, y), the output delta, the hidden deltas, then the four gradients
    raise NotImplementedError("backprop")
