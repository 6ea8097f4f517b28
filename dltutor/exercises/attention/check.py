"""attention against torch.nn.functional.scaled_dot_product_attention and torch.softmax of the masked scores.

A query whose mask row is all False gets zero weights and a zero output: torch 2.5 and later
return that from scaled_dot_product_attention; earlier versions return nan, so the expected
output is made zero for those rows explicitly.
"""

import math

import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from dltutor.exercises.checking import expect_all, oracle, prop, random_tensor, run

SLIPS = ("no-scale", "scale-by-d", "inverted-mask", "softmax-over-queries", "empty-row-nan")


def weights_of(q, k, mask, scale, dim=-1):
    scores = q @ k.transpose(-2, -1) * scale
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim).nan_to_num(nan=0.0)


def _one(m, q, k, v, mask=None):
    oracle("torch.nn.functional.scaled_dot_product_attention")
    d = q.shape[-1]
    weights = weights_of(q, k, mask, 1 / math.sqrt(d))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    if mask is not None:
        empty = ~mask.expand(weights.shape).any(dim=-1, keepdim=True)
        out = torch.where(empty, torch.zeros_like(out), out)
    wrong = {}
    for slip, w in (("no-scale", weights_of(q, k, mask, 1.0)), ("scale-by-d", weights_of(q, k, mask, 1 / d)),
                    ("inverted-mask", weights_of(q, k, ~mask, 1 / math.sqrt(d)) if mask is not None else None),
                    ("softmax-over-queries", weights_of(q, k, mask, 1 / math.sqrt(d), dim=-2))):
        wrong[slip] = None if w is None else (w @ v, w)
    if mask is not None and bool(empty.any()):
        wrong["empty-row-nan"] = (torch.where(empty, torch.full_like(out, math.nan), out),
                                  torch.where(empty, torch.full_like(weights, math.nan), weights))
    got = run(m.attention, q, k, v) if mask is None else run(m.attention, q, k, v, mask=mask)
    expect_all(got, (out, weights), ("output", "weights"), slips=wrong, rtol=1e-4, atol=1e-5)


def check(m):
    q, k, v = random_tensor((3, 4), 1), random_tensor((5, 4), 2), random_tensor((5, 2), 3)
    _one(m, q, k, v)
    _one(m, q * 30, k * 30, v)  # scores in the thousands: a naive exp overflows
    causal = torch.ones(3, 5, dtype=torch.bool).tril()
    _one(m, q, k, v, causal)
    some = torch.tensor([[True, False, True, False, False], [False] * 5, [True] * 5])
    _one(m, q, k, v, some)  # the second query may attend to nothing
    _one(m, q, k, v, torch.zeros(3, 5, dtype=torch.bool))
    _one(m, random_tensor((2, 3, 4), 4), random_tensor((2, 3, 4), 5), random_tensor((2, 3, 3), 6),
         torch.ones(3, 3, dtype=torch.bool).tril())  # a batch, one mask for all

    @prop(st.lists(st.integers(1, 2), max_size=2), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
          st.integers(1, 3), st.integers(0, 2**16), st.sampled_from(["none", "random", "causal"]))
    def random(batch, lq, lk, d, dv, seed, masking):
        b = tuple(batch)
        q, k, v = random_tensor(b + (lq, d), seed), random_tensor(b + (lk, d), seed + 1), random_tensor(b + (lk, dv), seed + 2)
        if masking == "none":
            mask = None
        elif masking == "causal":
            mask = torch.ones(lq, lk, dtype=torch.bool).tril()
        else:
            mask = torch.rand(b + (lq, lk), generator=torch.Generator().manual_seed(seed + 3)) < 0.6
        _one(m, q, k, v, mask)

    random()
