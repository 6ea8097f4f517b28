"""output_size against the width torch.nn.functional.conv1d produces, for strides larger than the kernel too."""

import math
import numbers

import torch
import torch.nn.functional as F
from hypothesis import assume
from hypothesis import strategies as st

from dltutor.exercises.checking import Failed, oracle, prop, run

SLIPS = ("float", "no-floor", "ceil", "no-plus-one", "padding-once")


def torch_width(w1, f, p, s):
    return F.conv1d(torch.zeros(1, 1, w1), torch.zeros(1, 1, f), padding=p, stride=s).shape[-1]


def _one(m, w1, f, p, s):
    oracle("the output width of torch.nn.functional.conv1d")
    expected = torch_width(w1, f, p, s)
    got = run(m.output_size, w1, f, p, s)
    if isinstance(got, bool) or not isinstance(got, numbers.Real) or isinstance(got, torch.Tensor):
        raise Failed("type", expected=expected, got=got, detail=f"a {type(got).__name__}, where an int is due")
    if not isinstance(got, numbers.Integral) and got == expected:
        raise Failed("slip", slip="float", expected=expected, got=got)
    if got == expected:
        return
    exact = (w1 - f + 2 * p) / s + 1
    # The more telling slip first: P instead of 2P is often also exactly one short.
    wrong = {"no-floor": exact, "ceil": math.ceil(exact), "padding-once": (w1 - f + p) // s + 1,
             "no-plus-one": expected - 1}
    for slip, value in wrong.items():
        if value != expected and math.isclose(float(got), value, abs_tol=1e-9):
            raise Failed("slip", slip=slip, expected=expected, got=got)
    raise Failed("mismatch", expected=expected, got=got)


def check(m):
    for case in ((32, 5, 0, 1), (7, 3, 1, 2), (7, 2, 0, 3), (10, 3, 0, 4), (5, 5, 0, 1), (6, 3, 1, 3), (1, 3, 1, 5),
                 (28, 2, 0, 2)):
        _one(m, *case)

    @prop(st.integers(1, 64), st.integers(1, 9), st.integers(0, 4), st.integers(1, 9))
    def random(w1, f, p, s):
        assume(w1 + 2 * p >= f)
        _one(m, w1, f, p, s)

    random()
