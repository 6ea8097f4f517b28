"""The shared torch backend: max-margin separator, hand-made gradients against autograd, activations."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import torch

from dltutor.demos import backend as B


def _separable(seed: int, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    from dltutor.demos.perceptron import augment, random_separable

    xs, ts = random_separable(n, B.generator(seed))
    return augment(xs), B.tensor(ts)


def test_max_margin_of_and_is_one_over_root_17():
    # AND with inputs augmented by 1: the best separator through the origin is (2, 2, -3)/√17.
    X = B.with_bias(B.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]))
    u, gamma, upper = B.max_margin(X, B.tensor([0, 0, 0, 1]))
    assert gamma == pytest.approx(1 / math.sqrt(17), rel=1e-9)
    assert B.floats(u) == pytest.approx([2 / math.sqrt(17), 2 / math.sqrt(17), -3 / math.sqrt(17)], abs=1e-6)
    assert upper == pytest.approx(gamma, rel=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_max_margin_is_certified_by_the_dual(seed):
    X, T = _separable(seed, 40)
    u, gamma, upper = B.max_margin(X, T)
    s = 2 * T - 1
    margins = s * (X @ u)
    assert float(u.norm()) == pytest.approx(1.0)
    assert float(margins.min()) == pytest.approx(gamma)  # the margin u really achieves
    assert gamma > 0
    # Weak duality: no separator does better than `upper`, and u is within 1e-6 of it.
    assert gamma <= upper * (1 + 1e-12)
    assert (upper - gamma) / upper < 1e-6


def test_max_margin_beats_random_separators():
    X, T = _separable(11, 30)
    _, gamma, _ = B.max_margin(X, T)
    s = 2 * T - 1
    gen = B.generator(0)
    for _ in range(2000):
        v = B.normal((3,), gen)
        v = v / v.norm()
        assert float((s * (X @ v)).min()) <= gamma + 1e-12


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("sizes, batch", [((2, 2, 1), 1), ((2, 4, 1), 4), ((3, 5, 2), 7)])
def test_hand_made_gradients_equal_autograd(seed, sizes, batch):
    gen = B.generator(seed)
    model = B.MLP.init(sizes, gen, scale=2.0)
    X = B.uniform((batch, sizes[0]), -2, 2, gen)
    T = B.uniform((batch, sizes[2]), 0, 1, gen)
    hand = model.backward(model.forward(X), T).grads
    auto = B.autograd_gradients(model, X, T)
    assert set(hand) == set(auto) == {"W1", "b1", "W2", "b2"}
    assert B.max_abs_diff(hand, auto) < 1e-12
    assert max(float(v.abs().max()) for v in hand.values()) > 1e-3  # not trivially zero


def test_the_update_moves_against_the_gradient_and_lowers_the_loss():
    gen = B.generator(3)
    model = B.MLP.init((2, 2, 1), gen)
    X, T = B.tensor([[1.0, 0.0]]), B.tensor([[1.0]])
    before = {k: v.clone() for k, v in model.params().items()}
    f = model.forward(X)
    grads = model.backward(f, T).grads
    model.update(grads, 0.1)
    for k, v in model.params().items():
        assert torch.allclose(v, before[k] - 0.1 * grads[k])
    assert B.mse(model.forward(X).y, T) < B.mse(f.y, T)


def test_activation_derivatives_match_autograd_away_from_kinks():
    z = B.tensor([-5.0, -1.3, -0.2, 0.4, 2.0, 7.5])
    for act in B.activations(alpha=0.1):
        if act.name == "BTU":
            assert B.floats(act.dg(z)) == [0.0] * 6
            continue
        assert B.floats(act.dg(z)) == pytest.approx(B.floats(B.autograd_derivative(act, z)), abs=1e-12)


def test_perceptron_step_is_the_rule_in_exact_arithmetic():
    F = Fraction
    w = [F(0), F(0), F(0)]
    y, changed = B.perceptron_step(w, [F(1), F(1), F(1)], 1, F(1, 2))
    assert (y, changed) == (0, True)  # z = 0 is not > 0: BTU says 0
    assert w == [F(1, 2)] * 3
    y, changed = B.perceptron_step(w, [F(1), F(0), F(1)], 1, F(1, 2))
    assert (y, changed) == (1, False) and w == [F(1, 2)] * 3
    # The learner's 0.1 + 0.2 − 0.3 is 0, so BTU says 0; the floats make it 5.6e-17 and would say 1.
    assert 0.1 + 0.2 - 0.3 > 0
    w = [B.typed(0.1), B.typed(0.2), B.typed(-0.3)]
    assert B.perceptron_step(w, [F(1), F(1), F(1)], 1, F(1)) == (0, True)
    assert w == [F(11, 10), F(12, 10), F(7, 10)]


@pytest.mark.parametrize("typed", ["0.1", "0.25", "1e-07", "3", "-0.3", "123.456", "0.30000000000000004"])
def test_typed_recovers_the_decimal_the_float_came_from(typed):
    assert B.typed(float(typed)) == Fraction(typed)


def test_curvature_is_the_top_hessian_eigenvalue_of_mse():
    gen = B.generator(0)
    X = B.with_bias(B.uniform((20, 2), -1, 1, gen))
    H = 2 * X.T @ X / 20
    assert B.curvature(X, "regression") == pytest.approx(float(torch.linalg.eigvalsh(H)[-1]))


def test_max_margin_on_many_points_uses_a_working_set_and_stays_exact():
    X, T = _separable(5, 400)
    u, gamma, upper = B.max_margin(X, T)
    assert float(((2 * T - 1) * (X @ u)).min()) == pytest.approx(gamma)
    assert 0 < gamma <= upper and (upper - gamma) / upper < 1e-6
