"""`neuron` computes z and y as lecture 1 says; `activations` finds where each one saturates."""

from __future__ import annotations

import math

import pytest

from dltutor.demos import activations, neuron


def test_neuron_z_and_every_activation():
    s = list(neuron.run([1.0, 0.0], [0.5, -1.0], 0.1))[-1].summary
    z = 0.5 * 1 - 1 * 0 + 0.1
    assert s["z"] == pytest.approx(z)
    assert s["y"] == pytest.approx({"BTU": 1.0, "linear": z, "sigmoid": 1 / (1 + math.exp(-z)), "tanh": math.tanh(z),
                                    "ReLU": z, "leaky ReLU": z})


def test_neuron_with_negative_z():
    s = list(neuron.run([2.0, 1.0, -1.0], [0.5, -3.0, 1.0], -0.5, alpha=0.1))[-1].summary
    z = 1.0 - 3.0 - 1.0 - 0.5
    assert s["z"] == pytest.approx(z)
    assert s["y"]["BTU"] == 0.0 and s["y"]["ReLU"] == 0.0
    assert s["y"]["leaky ReLU"] == pytest.approx(0.1 * z)


def test_btu_at_zero_is_zero():
    assert list(neuron.run([1.0], [1.0], -1.0))[-1].summary["y"]["BTU"] == 0.0


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
