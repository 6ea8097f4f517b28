"""`vanishing`: gradient norms per layer and dead units, recomputed by torch autograd in the test."""

from __future__ import annotations

import pytest
import torch

from dltutor.demos import options as opt
from dltutor.demos import vanishing
from dltutor.demos.registry import find_demo

VANISHING = find_demo("vanishing")
G = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu,
     "leaky ReLU": lambda z: torch.nn.functional.leaky_relu(z, vanishing.ALPHA)}


def _autograd_norms(X, T, net, act, residual):
    """‖∂loss/∂Wₗ‖ for every layer, by autograd on our own forward pass."""
    W = [w.detach().clone().requires_grad_(True) for w in net.W]
    h = X
    for l in range(len(W) - 1):
        out = G[act](h @ W[l].T + net.b[l])
        h = out + h if residual and l > 0 else out
    loss = ((h @ W[-1].T + net.b[-1])[:, 0] - T).pow(2).mean()
    return [float(g.norm()) for g in torch.autograd.grad(loss, W)], W, loss


def _run(**values):
    options, _ = opt.check(VANISHING, values)
    return options, list(vanishing.run(**options))[-1].summary


def test_sigmoid_first_layer_gradient_is_at_least_100_times_smaller_than_relus_with_he_init_at_depth_12():
    options, summary = _run(depth=12, init="he", steps=2)
    X, T, net = vanishing.setup(12, options["width"], "he", options["seed"])
    sigmoid, _, _ = _autograd_norms(X, T, net, "sigmoid", False)
    relu, _, _ = _autograd_norms(X, T, net, "ReLU", False)
    assert relu[0] >= 100 * sigmoid[0]
    for name in vanishing.ACTIVATIONS:
        norms, _, _ = _autograd_norms(X, T, net, name, False)
        s = summary["activations"][name]
        assert s["grad_norm_first"] == pytest.approx(norms[0], rel=1e-10)
        assert s["grad_norm_last"] == pytest.approx(norms[-1], rel=1e-10)
        assert s["ratio"] == pytest.approx(norms[0] / norms[-1], rel=1e-10)
    assert summary["max_autograd_diff"] < 1e-10


def test_skip_connections_keep_the_sigmoids_first_layer_gradient():
    _, plain = _run(depth=12, steps=0)
    _, residual = _run(depth=12, steps=0, residual=True)
    assert residual["activations"]["sigmoid"]["ratio"] > 1000 * plain["activations"]["sigmoid"]["ratio"]


def _loss(X, T, W, b, act):
    h, zs = X, []
    for l in range(len(W) - 1):
        zs.append(h @ W[l].T + b[l])
        h = G[act](zs[-1])
    return ((h @ W[-1].T + b[-1])[:, 0] - T).pow(2).mean(), zs


def test_dead_units_are_relu_units_silent_on_every_input_with_no_gradient_after_the_big_step():
    options, summary = _run(depth=6, width=16, big_lr=5.0, steps=0)
    X, T, net = vanishing.setup(6, 16, options["init"], options["seed"])
    for name in ("ReLU", "leaky ReLU"):
        W = [w.clone().requires_grad_(True) for w in net.W]
        b = [v.clone().requires_grad_(True) for v in net.b]
        loss, _ = _loss(X, T, W, b, name)
        grads = torch.autograd.grad(loss, W + b)
        # One step at λ = 5, every weight and bias, by autograd's gradients.
        W = [(w - 5.0 * g).detach().requires_grad_(True) for w, g in zip(W, grads[:len(W)])]
        b = [(v - 5.0 * g).detach().requires_grad_(True) for v, g in zip(b, grads[len(W):])]
        loss, zs = _loss(X, T, W, b, name)
        grads = torch.autograd.grad(loss, W + b)
        quiet = [(z <= 0).all(0) for z in zs]  # silent: z ≤ 0 on every input
        stuck = [grads[l].abs().sum(1) + grads[len(W) + l].abs() == 0 for l in range(len(zs))]
        silent = sum(int(q.sum()) for q in quiet) / (6 * 16)
        dead = sum(int((q & st).sum()) for q, st in zip(quiet, stuck)) / (6 * 16)
        s = summary["activations"][name]
        assert s["silent_fraction"] == pytest.approx(silent) and s["dead_fraction"] == pytest.approx(dead)
    assert summary["activations"]["ReLU"]["dead_fraction"] > 0
    assert summary["activations"]["leaky ReLU"]["dead_fraction"] == 0


@pytest.mark.parametrize("values, message", [
    ({"depth": 0}, "--depth must be a whole number from 1 to 50, not 0"),
    ({"depth": 10_000}, "--depth must be a whole number from 1 to 50, not 10000"),
    ({"init": "zeros"}, "--init must be one of default, xavier, he"),
    ({"width": 1}, "--width"),
    ({"depth": 50, "width": 256, "steps": 10_000}, "would take about"),
])
def test_impossible_or_huge_networks_are_refused(values, message):
    with pytest.raises(opt.BadOption, match=message):
        opt.check(VANISHING, values)
