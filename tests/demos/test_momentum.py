"""`momentum`: steps to the tolerance, recounted in plain Python, and the rates as eigenvalues."""

from __future__ import annotations

import math

import pytest
import torch

from dltutor.demos import momentum
from dltutor.demos import options as opt
from dltutor.demos.registry import find_demo

MOMENTUM = find_demo("momentum")


def _steps(condition, beta, lr, tol, most):
    """Heavy ball on f = ½(w₁²/κ + w₂²) in floats; β = 0 is gradient descent. None if never reached."""
    mu, L = 1 / condition, 1.0
    w = [-0.9 * math.sqrt(condition), 0.9]
    v = [0.0, 0.0]
    f0 = 0.5 * (mu * w[0] ** 2 + L * w[1] ** 2)
    for step in range(1, most + 1):
        v = [beta * v[0] - lr * mu * w[0], beta * v[1] - lr * L * w[1]]
        w = [w[0] + v[0], w[1] + v[1]]
        if 0.5 * (mu * w[0] ** 2 + L * w[1] ** 2) <= tol * f0:
            return step
    return None


def _spectral_radius(lr, beta, condition):
    radius = 0.0
    for h in (1 / condition, 1.0):
        M = torch.tensor([[1 + beta - lr * h, -beta], [1.0, 0.0]], dtype=torch.float64)
        radius = max(radius, float(torch.linalg.eigvals(M).abs().max()))
    return radius


def _summary(**values):
    options, _ = opt.check(MOMENTUM, values)
    return options, list(momentum.run(**options))[-1].summary


def test_momentum_takes_fewer_steps_than_gradient_descent_at_condition_100():
    options, summary = _summary(condition=100.0)
    gd = _steps(100.0, 0.0, options["lr"], options["tol"], options["max_steps"])
    mom = _steps(100.0, options["beta"], options["lr"], options["tol"], options["max_steps"])
    assert summary["steps_gd"] == gd and summary["steps_momentum"] == mom
    assert mom < gd


@pytest.mark.parametrize("condition, beta, lr", [(100.0, 0.9, 1.5), (1000.0, 0.5, 1.0), (10.0, 0.99, 0.3)])
def test_the_rates_are_the_iterations_eigenvalues_and_the_best_beta_is_best(condition, beta, lr):
    options, summary = _summary(condition=condition, beta=beta, lr=lr, max_steps=50_000)
    assert summary["rate_gd"] == pytest.approx(_spectral_radius(lr, 0.0, condition), rel=1e-9)
    assert summary["rate_momentum"] == pytest.approx(_spectral_radius(lr, beta, condition), rel=1e-9)
    best = summary["best_beta"]
    assert summary["rate_best_beta"] == pytest.approx(_spectral_radius(lr, best, condition), rel=1e-9)
    grid = [i / 1000 for i in range(1000)]
    assert all(_spectral_radius(lr, best, condition) <= _spectral_radius(lr, b, condition) + 1e-9 for b in grid)
    assert summary["steps_best_beta"] == _steps(condition, best, lr, options["tol"], options["max_steps"])


def test_a_run_that_cannot_reach_the_tolerance_says_so():
    frames = list(momentum.run(**opt.check(MOMENTUM, {"condition": 10_000.0, "max_steps": 200})[0]))
    summary = frames[-1].summary
    assert summary["steps_gd"] is None and "had not reached it after 200 steps" in frames[-1].text


@pytest.mark.parametrize("values, message", [
    ({"beta": 1.0}, "--beta must be at least 0 and below 1"),
    ({"condition": 0.5}, "--condition must be from 1 to"),
    ({"tol": 0.0}, "--tol"),
    ({"lr": -1.0}, "--lr must be greater than 0"),
    ({"max_steps": 1_000_000, "condition": 1e6}, "would take about"),
])
def test_bad_values_are_refused(values, message):
    with pytest.raises(opt.BadOption, match=message):
        opt.check(MOMENTUM, values)
