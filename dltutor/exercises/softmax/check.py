"""softmax against torch.softmax, with scores large enough to overflow a naive exp."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect, floats, oracle, prop, run, shapes, tensors

SLIPS = ("sum-all", "last-dim")


def _one(m, z, dim=None):
    oracle("torch.softmax")
    expected = torch.softmax(z, -1 if dim is None else dim)
    e = torch.exp(z - z.max()) if z.numel() else z
    wrong = {"sum-all": e / e.sum(), "last-dim": torch.softmax(z, -1) if dim not in (None, -1, z.dim() - 1) else None}
    got = run(m.softmax, z) if dim is None else run(m.softmax, z, dim=dim)
    expect(got, expected, slips=wrong)


def check(m):
    _one(m, torch.tensor([1.0, 2.0, 3.0]))
    _one(m, torch.tensor([1000.0, 1001.0, 1002.0]))
    _one(m, torch.tensor([-1000.0, -1000.5]))
    _one(m, torch.tensor([[1.0, 2.0], [3.0, 5.0]]), dim=0)
    _one(m, torch.tensor([[1.0, 2.0], [3.0, 5.0]]), dim=1)
    _one(m, torch.arange(24.0).reshape(2, 3, 4) * 50, dim=1)
    _one(m, torch.tensor([7.0, 7.0, 7.0, 7.0]))
    _one(m, torch.tensor([[88.0, 89.0, 90.0]]), dim=-1)

    @prop(shapes(max_dims=3).flatmap(lambda s: st.tuples(tensors(s, -100, 100), st.integers(-len(s), len(s) - 1))),
          st.sampled_from([1.0, 1.0, 100.0]))
    def random(z_dim, scale):
        z, dim = z_dim
        _one(m, z * scale, dim=dim)

    random()
