"""max_pool2d against torch.nn.functional.max_pool2d: negative values, strides past the window, ragged edges."""

import torch
import torch.nn.functional as F
from hypothesis import assume
from hypothesis import strategies as st

from dltutor.exercises.checking import expect, oracle, prop, random_tensor, run

SLIPS = ("zero-start", "average", "stride-one")


def _one(m, x, size, stride=None):
    oracle("torch.nn.functional.max_pool2d")
    expected = F.max_pool2d(x, size, stride if stride is not None else size)
    wrong = {
        "zero-start": expected.clamp(min=0),
        "average": F.avg_pool2d(x, size, stride if stride is not None else size),
        "stride-one": F.max_pool2d(x, size, 1) if stride is None and size > 1 else None,
    }
    got = run(m.max_pool2d, x, size) if stride is None else run(m.max_pool2d, x, size, stride=stride)
    expect(got, expected, slips=wrong)


def check(m):
    x = torch.arange(16.0).reshape(1, 4, 4)
    _one(m, x, 2)
    _one(m, -x - 1, 2)  # every value negative
    _one(m, torch.arange(49.0).reshape(1, 7, 7).sin(), 2, stride=3)  # the stride skips cells
    _one(m, torch.arange(25.0).reshape(1, 5, 5).cos(), 2)  # the last row and column are dropped
    _one(m, random_tensor((3, 4, 6), 7), 3, stride=1)

    @prop(st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.integers(1, 3),
          st.one_of(st.none(), st.integers(1, 4)), st.integers(0, 2**16))
    def random(c, h, w, size, stride, seed):
        assume(size <= h and size <= w)
        _one(m, random_tensor((c, h, w), seed), size, stride)

    random()
