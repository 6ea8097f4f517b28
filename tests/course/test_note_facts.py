"""The facts the tutor's notes teach, recomputed here: by torch, exact fractions and exhaustive search.

Each test first finds the note in the shipped course, so a note and the fact that backs it stay
together; then it computes the fact without trusting dltutor.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest


def note(course, lecture_id, where, says):
    """The shipped note on `where` (a topic title or a glossary id) that says `says`."""
    lec = course.lecture(lecture_id)
    item = next((t for t in lec.topics if t.title == where), None) or next(g for g in lec.glossary if g.id == where)
    found = [n for n in item.notes if says in n.text]
    assert found, (lecture_id, where, [n.text for n in item.notes])
    return found[0]


def test_the_conv_output_size_is_the_floor_pytorch_computes(course):
    note(course, "lecture-6", "CNN Fundamentals", "gives 2, not 2.5")
    import torch

    for w1, f, p, s in itertools.product((5, 6, 7), (1, 2, 3), (0, 1), (1, 2, 3)):
        if w1 + 2 * p < f:
            continue
        conv = torch.nn.Conv2d(1, 1, kernel_size=f, padding=p, stride=s)
        out = conv(torch.zeros(1, 1, w1, w1)).shape[-1]
        assert out == math.floor((w1 - f + 2 * p) / s) + 1 == (w1 - f + 2 * p) // s + 1
    guidebook = Fraction(6 - 3 + 0, 2) + 1  # the guidebook's formula, exactly, on the note's example
    assert guidebook == Fraction(5, 2)
    assert torch.nn.Conv2d(1, 1, 3, stride=2)(torch.zeros(1, 1, 6, 6)).shape[-1] == 2


def test_self_attention_without_positions_only_permutes_its_outputs_and_a_causal_mask_breaks_that(course):
    said = note(course, "lecture-9", "Positional Encoding", "permuted the same way")
    assert "causal mask" in said.text
    import torch

    torch.manual_seed(0)
    attention = torch.nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True).double()
    x = torch.randn(1, 5, 8, dtype=torch.float64)
    perm = torch.tensor([3, 0, 4, 1, 2])
    out, _ = attention(x, x, x)
    out_perm, _ = attention(x[:, perm], x[:, perm], x[:, perm])
    assert torch.allclose(out_perm, out[:, perm], atol=1e-12)
    mask = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
    causal, _ = attention(x, x, x, attn_mask=mask)
    causal_perm, _ = attention(x[:, perm], x[:, perm], x[:, perm], attn_mask=mask)
    assert not torch.allclose(causal_perm, causal[:, perm], atol=1e-6)


def test_mse_is_a_mean_and_cross_entropy_is_the_binary_case_of_the_softmax_loss(course):
    note(course, "lecture-5", "Loss Function Role", "averages it over the N examples")
    note(course, "lecture-5", "Loss Function Role", "binary cross-entropy of one example")
    import torch

    torch.manual_seed(1)
    y, t = torch.rand(6, dtype=torch.float64), torch.randint(0, 2, (6,)).double()
    one = (t - y) ** 2  # the guidebook's formula, example by example
    assert torch.isclose(torch.nn.MSELoss()(y, t), one.mean())
    assert not torch.isclose(torch.nn.MSELoss()(y, t), one[0])
    binary = -t * torch.log(y) - (1 - t) * torch.log(1 - y)
    assert torch.isclose(torch.nn.functional.binary_cross_entropy(y, t), binary.mean())
    logits, labels = torch.randn(6, 4, dtype=torch.float64), torch.randint(0, 4, (6,))
    probs, onehot = torch.softmax(logits, dim=1), torch.nn.functional.one_hot(labels, 4).double()
    assert torch.isclose(torch.nn.functional.cross_entropy(logits, labels), (-(onehot * probs.log()).sum(1)).mean())


def test_the_chain_rule_sums_over_paths(course):
    note(course, "lecture-4", "chain-rule", "sums the products over the paths")
    import torch

    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    y1, y2 = torch.sin(x), x ** 2  # x reaches z along two paths
    z = y1 * y2
    z.backward()
    dz_dy1, dz_dy2, dy1_dx, dy2_dx = y2.item(), y1.item(), math.cos(0.7), 2 * 0.7
    assert x.grad.item() == pytest.approx(dz_dy1 * dy1_dx + dz_dy2 * dy2_dx, abs=1e-12)
    assert x.grad.item() != pytest.approx(dz_dy1 * dy1_dx, abs=1e-3)  # one product alone is wrong


def _btu(z: Fraction) -> int:
    return 1 if z > 0 else 0


def test_one_hidden_layer_of_btus_computes_every_boolean_function_of_three_inputs_exactly(course):
    note(course, "lecture-2", "Building Theorem", "Exactly, not approximately")
    patterns = list(itertools.product((0, 1), repeat=3))
    for table in itertools.product((0, 1), repeat=len(patterns)):  # all 256 functions
        ones = [p for p, out in zip(patterns, table) if out]
        # A hidden unit per pattern that gives 1, firing on that pattern only; the output ORs them.
        hidden = [([1 if b else -1 for b in p], Fraction(1, 2) - sum(p)) for p in ones]
        for p, out in zip(patterns, table):
            h = [_btu(sum(w * x for w, x in zip(ws, p)) + b) for ws, b in hidden]
            assert _btu(sum(h) - Fraction(1, 2)) == out


def _separable_through_origin(points) -> int:
    """How many labellings of 2-D points a line through the origin realises: every direction of w
    between two consecutive critical angles (w at right angles to a point) gives one labelling."""
    angles = sorted({(math.atan2(y, x) + s * math.pi / 2) % (2 * math.pi) for x, y in points for s in (1, -1)})
    found = set()
    for a, b in zip(angles, angles[1:] + [angles[0] + 2 * math.pi]):
        mid = (a + b) / 2
        w = (math.cos(mid), math.sin(mid))
        found.add(tuple(w[0] * x + w[1] * y > 0 for x, y in points))
    return len(found)


def test_covers_count_half_of_all_random_labellings_at_two_patterns_per_weight(course):
    said = note(course, "lecture-3", "information-capacity", "for random labels")
    assert "about 2N points" in said.text
    rng = random.Random(3)
    for p in range(1, 9):
        points = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(p)]
        cover = 2 * sum(math.comb(p - 1, k) for k in range(2))  # C(P, N) for N = 2 weights
        assert _separable_through_origin(points) == cover
    # At P = 2N exactly half of the 2^P labellings are separable, for every N; beyond, fewer and fewer.
    for n in range(2, 8):
        fraction = lambda p: Fraction(2 * sum(math.comb(p - 1, k) for k in range(n)), 2 ** p)  # noqa: E731
        assert fraction(2 * n) == Fraction(1, 2) and fraction(2 * n + 2) < Fraction(1, 2) < fraction(2 * n - 2)


def _perceptron_mistakes(lam: Fraction, data, epochs: int = 20):
    w = [Fraction(0)] * 3
    mistakes = []
    for epoch in range(epochs):
        for k, (x, t) in enumerate(data):
            y = _btu(sum(wi * xi for wi, xi in zip(w, x)))
            if y != t:
                mistakes.append((epoch, k))
                w = [wi + lam * (t - y) * xi for wi, xi in zip(w, x)]
    return mistakes, w


def test_from_zero_weights_the_learning_rate_only_rescales_the_perceptron(course):
    note(course, "lecture-3", "Learning Rate (λ)", "makes the same mistakes in the same order")
    for gate in ((0, 0, 0, 1), (0, 1, 1, 1), (1, 1, 1, 0)):  # AND, OR, NAND with a bias input x0 = 1
        data = [((1, a, b), t) for (a, b), t in zip(itertools.product((0, 1), repeat=2), gate)]
        base, w1 = _perceptron_mistakes(Fraction(1), data)
        assert base
        for lam in (Fraction(1, 10), Fraction(1, 4), Fraction(3)):
            mistakes, w = _perceptron_mistakes(lam, data)
            assert mistakes == base and w == [lam * wi for wi in w1]


def _beam(step, width: int, length: int):
    beams = [((), 1.0)]
    for _ in range(length):
        grown = [(seq + (tok,), p * q) for seq, p in beams for tok, q in step(seq).items()]
        beams = sorted(grown, key=lambda b: -b[1])[:width]
    return beams[0]


def test_beam_search_can_miss_the_most_likely_sequence(course):
    note(course, "lecture-9", "beam-search", "only approximates")
    rng = random.Random(5)
    missed = 0
    for _ in range(200):
        table = {}

        def step(seq):
            if seq not in table:
                raw = [rng.random() ** 3 for _ in range(3)]
                table[seq] = {tok: r / sum(raw) for tok, r in zip("abc", raw)}
            return table[seq]

        best = max((seq for seq in itertools.product("abc", repeat=3)),
                   key=lambda seq: math.prod(step(seq[:i])[seq[i]] for i in range(3)))
        best_p = math.prod(step(best[:i])[best[i]] for i in range(3))
        found, p = _beam(step, width=2, length=3)
        assert p <= best_p + 1e-15
        missed += p < best_p - 1e-12
    assert missed > 0
