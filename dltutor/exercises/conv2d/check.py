"""conv2d against torch.nn.functional.conv2d, with padding, strides larger than the kernel, and no bias."""

import torch
import torch.nn.functional as F
from hypothesis import assume
from hypothesis import strategies as st

from dltutor.exercises.checking import expect, oracle, prop, random_tensor, run

SLIPS = ("flipped", "no-bias", "no-padding", "no-stride")


def _one(m, x, weight, bias=None, stride=1, padding=0):
    oracle("torch.nn.functional.conv2d")
    expected = F.conv2d(x, weight, bias, stride=stride, padding=padding)
    wrong = {
        "flipped": F.conv2d(x, weight.flip(-1, -2), bias, stride=stride, padding=padding),
        "no-bias": F.conv2d(x, weight, None, stride=stride, padding=padding) if bias is not None else None,
        "no-padding": F.conv2d(x, weight, bias, stride=stride) if padding and min(x.shape[1:]) >= weight.shape[-1] else None,
        "no-stride": F.conv2d(x, weight, bias, padding=padding) if stride > 1 else None,
    }
    kwargs = {}
    if bias is not None:
        kwargs["bias"] = bias
    if stride != 1:
        kwargs["stride"] = stride
    if padding:
        kwargs["padding"] = padding
    expect(run(m.conv2d, x, weight, **kwargs), expected, rtol=1e-4, atol=1e-5, slips=wrong)


def check(m):
    x = torch.arange(16.0).reshape(1, 4, 4)
    k = torch.tensor([[[[1.0, 2.0], [0.0, -1.0]]]])
    _one(m, x, k)
    _one(m, x, k, torch.tensor([0.5]))
    _one(m, x, k, torch.tensor([0.5]), padding=1)
    _one(m, torch.arange(49.0).reshape(1, 7, 7), k, stride=3)  # the stride jumps past the kernel
    _one(m, random_tensor((2, 5, 5), 1), random_tensor((3, 2, 3, 3), 2), random_tensor((3,), 3), stride=2, padding=1)
    _one(m, random_tensor((2, 3, 4), 4), random_tensor((1, 2, 1, 1), 5))

    @prop(st.integers(1, 2), st.integers(1, 2), st.integers(1, 5), st.integers(1, 5), st.integers(1, 3),
          st.integers(1, 3), st.integers(0, 1), st.booleans(), st.integers(0, 2**16))
    def random(c_in, c_out, h, w, k, stride, padding, with_bias, seed):
        assume(h + 2 * padding >= k and w + 2 * padding >= k)
        _one(m, random_tensor((c_in, h, w), seed), random_tensor((c_out, c_in, k, k), seed + 1),
             random_tensor((c_out,), seed + 2) if with_bias else None, stride, padding)

    random()
