"""perceptron_update against the lecture's rule Δw = λ(t − y)x, Δb = λ(t − y), computed with torch."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect_all, oracle, prop, run, tensors

SLIPS = ("sign", "no-bias", "used-z", "no-lr")


def _one(m, w, b, x, t, lr):
    oracle("the rule Δw = λ(t − y)x, Δb = λ(t − y) in torch")
    z = torch.dot(w, x) + b
    y = torch.heaviside(z, torch.zeros(()))
    err = t - y
    expected = (w + lr * err * x, torch.tensor(b) + lr * err)
    wrong = {
        "sign": (w - lr * err * x, torch.tensor(b) - lr * err),
        "no-bias": (None, torch.tensor(float(b))),
        "used-z": (w + lr * (t - z) * x, torch.tensor(b) + lr * (t - z)),
        "no-lr": (w + err * x, torch.tensor(b) + err),
    }
    expect_all(run(m.perceptron_update, w, b, x, t, lr), expected, ("w", "b"), slips=wrong)


def check(m):
    _one(m, torch.tensor([0.0, 0.0]), 0.0, torch.tensor([1.0, 1.0]), 1.0, 0.1)  # y = σ(0) = 0: a mistake
    _one(m, torch.tensor([0.5, -0.3]), 0.2, torch.tensor([1.0, 0.0]), 0.0, 0.1)  # y = 1, t = 0
    _one(m, torch.tensor([0.5, -0.3]), 0.2, torch.tensor([1.0, 0.0]), 1.0, 0.1)  # right: no change
    _one(m, torch.tensor([-1.0, 2.0, 0.5]), -0.5, torch.tensor([2.0, 1.0, -1.0]), 0.0, 0.5)

    @prop(st.integers(1, 4).flatmap(lambda n: st.tuples(tensors((n,)), tensors((n,)))),
          st.floats(-2, 2, width=32), st.sampled_from([0.0, 1.0]), st.floats(0.015625, 1.0, width=32))
    def random(wx, b, t, lr):
        _one(m, wx[0], b, wx[1], t, lr)

    random()
