"""`neuron` computes z and y as lecture 1 says; `activations` finds where each one saturates."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from dltutor.demos import activations, neuron


NAMES = ["BTU", "linear", "sigmoid", "tanh", "ReLU", "leaky ReLU"]


def by_hand(x: str, w: str, b: str, alpha: str = "0.01"):
    """z and the six outputs from the typed decimals: exact, and sigmoid and tanh to 60 digits."""
    z = sum(Fraction(wj) * Fraction(xj) for xj, wj in zip(x.split(","), w.split(","))) + Fraction(b)
    a = Fraction(alpha)
    with localcontext() as ctx:
        ctx.prec = 60
        zd = Decimal(z.numerator) / Decimal(z.denominator)
        e = (-zd).exp()
        smooth = {"sigmoid": 1 / (1 + e), "tanh": (1 - e * e) / (1 + e * e)}
    exact = {"BTU": Fraction(int(z > 0)), "linear": z, "ReLU": max(z, Fraction(0)), "leaky ReLU": z if z > 0 else a * z}
    return z, exact, smooth


def groups(exact, smooth):
    """Activations with equal outputs, compared to 50 digits: who agrees with whom."""
    values = {n: Decimal(v.numerator) / Decimal(v.denominator) for n, v in exact.items()} | smooth
    found: list[list[str]] = []
    for name in NAMES:
        for g in found:
            if abs(values[g[0]] - values[name]) < Decimal("1e-50"):
                g.append(name)
                break
        else:
            found.append([name])
    return found


def run_neuron(x: str, w: str, b: str, alpha: str = "0.01"):
    # The command line hands over floats parsed from what the learner typed.
    return list(neuron.run([float(v) for v in x.split(",")], [float(v) for v in w.split(",")], float(b), float(alpha)))


CASES = [("1,0", "0.5,-1", "0.1", "0.01"), ("0.1,0.2", "1,1", "-0.3", "0.01"), ("2,1,-1", "0.5,-3,1", "-0.5", "0.1"),
         ("1", "1", "0", "0.01"), ("1,1", "0.5,0.5", "-0.7", "0.01"), ("1,0", "0.5,-1", "-2", "0.01"),
         ("0.3,0.3,0.3", "1,1,1", "-0.9", "0.2"), ("1", "-1", "0", "0"), ("0.7", "0.1", "-0.07", "0.5")]


@pytest.mark.parametrize("x, w, b, alpha", CASES)
def test_z_and_each_output_are_as_by_hand(x, w, b, alpha):
    z, exact, smooth = by_hand(x, w, b, alpha)
    frames = run_neuron(x, w, b, alpha)
    s = frames[-1].summary
    assert s["z"] == float(z)
    for name, value in exact.items():
        assert s["y"][name] == float(value), name
    for name, value in smooth.items():
        assert s["y"][name] == pytest.approx(float(value), rel=1e-15), name
    sign = "positive" if z > 0 else "zero" if z == 0 else "negative"
    assert f"({sign})" in frames[0].text


def test_a_sum_that_is_zero_by_hand_is_zero_and_the_btu_says_0():
    assert 1 * 0.1 + 1 * 0.2 - 0.3 != 0  # what floats would have said
    frames = run_neuron("0.1,0.2", "1,1", "-0.3")
    s = frames[-1].summary
    assert s["z"] == 0.0 and s["y"]["BTU"] == 0.0 and s["y"]["ReLU"] == 0.0
    assert "z = 1·0.1 + 1·0.2 − 0.3 = 0 (zero)" in frames[0].text
    assert "none of them has a derivative there" in frames[-1].text


@pytest.mark.parametrize("x, w, b, alpha", CASES)
def test_the_final_sentence_says_which_activations_agree(x, w, b, alpha):
    z, exact, smooth = by_hand(x, w, b, alpha)
    found = groups(exact, smooth)
    text = run_neuron(x, w, b, alpha)[-1].text
    assert "the same z gives a different y under each activation" not in text
    assert len(found) < 6  # BTU = ReLU for z ≤ 0, and linear = ReLU = leaky ReLU for z > 0
    assert f"the six give {len(found)} different outputs" in text
    for g in found:
        joined = g[0] if len(g) == 1 else ", ".join(g[:-1]) + " and " + g[-1]
        assert f"{joined} {'gives' if len(g) == 1 else 'both give' if len(g) == 2 else 'all give'} y" in text
    assert ("none of them has a derivative there" in text) == (z == 0)


def test_the_default_run_shows_three_activations_agreeing_at_positive_z():
    z, exact, smooth = by_hand("1,0", "0.5,-1", "0.1")
    assert z > 0 and ["linear", "ReLU", "leaky ReLU"] in groups(exact, smooth)
    assert "linear, ReLU and leaky ReLU all give y = 0.6" in run_neuron("1,0", "0.5,-1", "0.1")[-1].text


def test_activations_saturate_where_the_slope_says():
    frames = list(activations.run())
    s = frames[-1].summary
    # σ'(z) = σ(1 − σ) = 0.01 at σ = (1 − √0.96)/2; tanh'(z) = 1 − tanh² = 0.01 at tanh = √0.99.
    zs = math.log((1 - math.sqrt(0.96)) / (1 + math.sqrt(0.96)))
    zt = math.atanh(math.sqrt(0.99))
    assert s["saturates"]["sigmoid"] == f"z < {zs:.2f} and z > {-zs:.2f}"
    assert s["saturates"]["tanh"] == f"z < {-zt:.2f} and z > {zt:.2f}"
    assert s["saturates"]["ReLU"] == "z < 0.00"
    assert s["saturates"]["BTU"].startswith("everywhere")
    assert s["saturates"]["leaky ReLU"].startswith("nowhere")
    assert s["max_slope"]["sigmoid"] == pytest.approx(0.25)
    assert s["max_autograd_diff"] < 1e-12
    assert len(frames) == 6 and len(frames[-1].series) == 12


def test_a_narrow_range_has_no_sigmoid_saturation():
    s = list(activations.run(span=2.0))[-1].summary
    assert s["saturates"]["sigmoid"].startswith("nowhere")


def test_the_autograd_claim_leaves_out_the_step_it_did_not_check():
    import torch

    from dltutor.demos import backend as B

    btu = next(a for a in B.activations() if a.name == "BTU")
    assert not btu.g(torch.zeros(1, dtype=torch.float64, requires_grad=True)).requires_grad  # no graph to check
    text = list(activations.run())[-1].text
    assert "all but BTU's" in text and "autograd cannot differentiate" in text
