"""sigmoid against torch.sigmoid; sigmoid_derivative against autograd and by gradcheck."""

import torch

from dltutor.exercises.checking import expect, hand_gradient, oracle, prop, run, shapes, tensors

SLIPS = ("exp-sign", "output", "z-form")


def _one(m, z):
    oracle("torch.sigmoid")
    s = torch.sigmoid(z)
    expect(run(m.sigmoid, z), s, what="sigmoid", slips={"exp-sign": torch.sigmoid(-z)})
    oracle("torch autograd of torch.sigmoid")
    zg = z.clone().requires_grad_(True)
    torch.sigmoid(zg).sum().backward()
    expect(run(m.sigmoid_derivative, z), zg.grad, what="sigmoid_derivative",
           slips={"output": s, "z-form": z * (1 - z)})


def check(m):
    _one(m, torch.tensor([0.0, 1.0, -1.0, 2.5]))
    _one(m, torch.tensor([[20.0, -20.0], [0.5, -0.5]]))
    _one(m, torch.tensor([100.0, -100.0, 1000.0, -1000.0]))

    @prop(shapes().flatmap(lambda s: tensors(s, -30, 30)))
    def random(z):
        _one(m, z)

    random()
    z = torch.linspace(-6, 6, 7, dtype=torch.float64)
    hand_gradient(torch.sigmoid, lambda x: (run(m.sigmoid_derivative, x),), [z], what="sigmoid_derivative")
