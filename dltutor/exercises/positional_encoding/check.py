"""positional_encoding against the formula computed in float64 by torch, element by element."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect, oracle, prop, run

SLIPS = ("swapped", "column-exponent", "transposed")


def table(length, d, *, swap=False, column_exponent=False):
    pe = torch.zeros(length, d, dtype=torch.float64)
    pos = torch.arange(length, dtype=torch.float64)
    for j in range(d):
        rate = 10000 ** ((j if column_exponent else j - j % 2) / d)
        sine = (j % 2 == 0) != swap
        pe[:, j] = torch.sin(pos / rate) if sine else torch.cos(pos / rate)
    return pe.float()


def _one(m, length, d):
    oracle("the formula in float64 (torch.sin, torch.cos)")
    expected = table(length, d)
    wrong = {"swapped": table(length, d, swap=True), "column-exponent": table(length, d, column_exponent=True),
             "transposed": expected.T if length != d else None}
    expect(run(m.positional_encoding, length, d), expected, rtol=1e-4, atol=1e-4, slips=wrong)


def check(m):
    for length, d in ((4, 4), (3, 5), (1, 1), (50, 16), (6, 2)):
        _one(m, length, d)

    @prop(st.integers(1, 24), st.integers(1, 12))
    def random(length, d):
        _one(m, length, d)

    random()
