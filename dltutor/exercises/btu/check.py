"""btu against torch.heaviside(z, 0), which is the lecture's σ: 1 above zero, 0 at and below it."""

import torch

from dltutor.exercises.checking import expect, oracle, prop, run, shapes, tensors

SLIPS = ("at-zero", "inverted")


def _one(m, z):
    oracle("torch.heaviside(z, 0)")
    expected = torch.heaviside(z, torch.zeros((), dtype=z.dtype))
    expect(run(m.btu, z), expected, slips={"at-zero": (z >= 0).to(z.dtype), "inverted": 1 - expected})


def check(m):
    for z in (torch.tensor([-2.0, 0.0, 3.0]), torch.tensor([[0.5, -0.5], [0.0, 7.0]]),
              torch.tensor([1e-30, -1e-30]), torch.zeros(0)):
        _one(m, z)

    @prop(shapes().flatmap(tensors))
    def random(z):
        _one(m, z)

    random()
