"""gd_step against autograd: the gradient of mean((x w − t)²), one step of size lr down it."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect, oracle, prop, random_tensor, run

SLIPS = ("sign", "half", "sum", "no-lr")


def _one(m, w, x, t, lr):
    oracle("torch autograd on mean((x @ w − t)²)")
    wg = w.clone().requires_grad_(True)
    ((x @ wg - t) ** 2).mean().backward()
    g = wg.grad
    n = x.shape[0]
    expect(run(m.gd_step, w, x, t, lr), w - lr * g, rtol=1e-4, atol=1e-5, slips={
        "sign": w + lr * g, "half": w - lr * g / 2, "sum": w - lr * g * n if n > 1 else None, "no-lr": w - g})


def check(m):
    _one(m, torch.tensor([0.0, 0.0]), torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1.0, 2.0]), 0.1)
    _one(m, torch.tensor([0.5]), torch.tensor([[1.0], [2.0], [3.0]]), torch.tensor([1.0, 1.0, 1.0]), 0.05)
    _one(m, torch.tensor([1.0, -1.0, 0.5]), torch.tensor([[0.5, 1.0, -1.0]]), torch.tensor([2.0]), 0.5)

    @prop(st.integers(1, 5), st.integers(1, 4), st.integers(0, 2**16), st.floats(0.001, 0.5))
    def random(n, d, seed, lr):
        _one(m, random_tensor((d,), seed), random_tensor((n, d), seed + 1), random_tensor((n,), seed + 2), lr)

    random()
