"""backprop against autograd on the same 2-2-1 sigmoid network, then gradcheck of the hand gradients."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect_all, hand_gradient, oracle, prop, random_tensor, run

SLIPS = ("transposed", "no-hidden-derivative", "half", "no-bias")
NAMES = ("dw1", "db1", "dw2", "db2")


def loss(x, t, w1, b1, w2, b2):
    h = torch.sigmoid(w1 @ x + b1)
    return (t - torch.sigmoid(w2 @ h + b2)) ** 2


def _one(m, x, t, w1, b1, w2, b2):
    oracle("torch autograd on (t − σ(w2·σ(W1 x + b1) + b2))²")
    params = [p.clone().requires_grad_(True) for p in (w1, b1, w2, b2)]
    loss(x, t, *params).backward()
    grads = tuple(p.grad for p in params)
    h = torch.sigmoid(w1 @ x + b1)
    y = torch.sigmoid(w2 @ h + b2)
    delta_o = -2 * (t - y) * y * (1 - y)
    flat = w2 * delta_o  # the hidden deltas without h(1 − h)
    wrong = {
        "transposed": (grads[0].T, None, None, None),
        "no-hidden-derivative": (torch.outer(flat, x), flat, None, None),
        "half": tuple(g / 2 for g in grads),
        "no-bias": (None, torch.zeros(2), None, torch.zeros(())),
    }
    expect_all(run(m.backprop, x, t, w1, b1, w2, b2), grads, NAMES, slips=wrong, rtol=1e-4, atol=1e-6)


def check(m):
    _one(m, torch.tensor([1.0, 0.0]), 1.0, torch.tensor([[0.1, 0.4], [-0.3, 0.2]]), torch.tensor([0.1, -0.1]),
         torch.tensor([0.5, -0.4]), torch.tensor(0.2))
    _one(m, torch.tensor([0.5, -1.0]), 0.0, torch.tensor([[1.0, -2.0], [0.5, 0.3]]), torch.tensor([0.0, 0.5]),
         torch.tensor([-1.0, 2.0]), torch.tensor(-0.3))

    @prop(st.integers(0, 2**16), st.sampled_from([0.0, 1.0, 0.3]))
    def random(seed, t):
        x, w1, b1, w2 = (random_tensor(s, seed + i) for i, s in enumerate([(2,), (2, 2), (2,), (2,)]))
        _one(m, x, t, w1, b1, w2, random_tensor((), seed + 9))

    random()
    x, t = torch.tensor([0.7, -0.2], dtype=torch.float64), 1.0
    params = [random_tensor(s, 5 + i).double() for i, s in enumerate([(2, 2), (2,), (2,), ()])]
    hand_gradient(lambda *p: loss(x, t, *p), lambda *p: run(m.backprop, x, t, *p), params, what="backprop")
