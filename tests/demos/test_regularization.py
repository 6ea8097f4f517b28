"""`regularization`: the four trainings redone in the test with autograd; L1's exact zeros against L2's."""

from __future__ import annotations

import math

import pytest
import torch

from dltutor.demos import options as opt
from dltutor.demos import regularization
from dltutor.demos.registry import find_demo

REG = find_demo("regularization")


def _train_here(points, hidden, epochs, lr, penalty, dropout, noise, seed):
    """The same four runs, by our own code: autograd for the gradients, the penalty in the loss."""
    x, y, xv, yv, start = regularization.setup(points, hidden, noise, seed)
    masks = torch.Generator().manual_seed(seed + 1)
    runs = {r: [t.clone() for t in start] for r in regularization.RUNS}
    val = {r: [] for r in runs}

    def predict(p, inputs, mask=None):
        h = torch.tanh(inputs @ p[0] + p[1])
        return (h if mask is None else h * mask) @ p[2] + p[3]

    for r, p in runs.items():
        val[r].append(float((predict(p, xv) - yv).pow(2).mean()))
    for _ in range(epochs):
        keep = (torch.rand((points, hidden), generator=masks, dtype=torch.float64) >= dropout).double() / (1 - dropout)
        for r, p in runs.items():
            leaves = [t.clone().requires_grad_(True) for t in p]
            loss = (predict(leaves, x, keep if r == "dropout" else None) - y).pow(2).mean()
            if r == "L2":  # lecture 8: RegLoss = Loss + γ/2 Σ w²
                loss = loss + penalty / 2 * (leaves[0].pow(2).sum() + leaves[2].pow(2).sum())
            grads = torch.autograd.grad(loss, leaves)
            new = [(t - lr * g).detach() for t, g in zip(leaves, grads)]
            if r == "L1":  # the proximal step of γ Σ |w|
                for i in (0, 2):
                    new[i] = torch.sign(new[i]) * torch.clamp(new[i].abs() - lr * penalty, min=0)
            runs[r] = new
            val[r].append(float((predict(new, xv) - yv).pow(2).mean()))
    return runs, val, (x, y)


def test_the_summary_is_what_our_own_training_gives():
    values = {"points": 10, "hidden": 24, "epochs": 150, "penalty": 0.02}
    options, _ = opt.check(REG, values)
    frames = list(regularization.run(**options))
    summary = frames[-1].summary
    runs, val, (x, y) = _train_here(**{k: options[k] for k in ("points", "hidden", "epochs", "lr", "penalty",
                                                                 "dropout", "noise", "seed")})
    best = min(range(len(val["none"])), key=lambda i: val["none"][i])
    assert summary["best_epoch"] == best
    assert summary["val_loss_at_best"] == pytest.approx(val["none"][best], rel=1e-9)
    assert summary["val_loss"] == pytest.approx(val["none"][-1], rel=1e-9)
    assert summary["l2_val_loss"] == pytest.approx(val["L2"][-1], rel=1e-9)
    assert summary["l1_val_loss"] == pytest.approx(val["L1"][-1], rel=1e-9)
    assert summary["dropout_val_loss"] == pytest.approx(val["dropout"][-1], rel=1e-9)
    p = runs["none"]
    assert summary["train_loss"] == pytest.approx(float((torch.tanh(x @ p[0] + p[1]) @ p[2] + p[3] - y).pow(2).mean()),
                                                  rel=1e-9)
    zeros = {r: int((runs[r][0] == 0).sum() + (runs[r][2] == 0).sum()) for r in runs}
    assert summary["l1_zero_weights"] == zeros["L1"] and summary["l2_zero_weights"] == zeros["L2"]
    # The trained weights the last frame carries are these.
    shown = frames[-1].weights
    assert torch.allclose(torch.tensor(shown["L1 W2"], dtype=torch.float64), runs["L1"][2].reshape(-1), atol=1e-12)


def test_l1_sets_more_weights_to_exactly_zero_than_l2():
    summary = list(regularization.run(**opt.check(REG, {})[0]))[-1].summary
    assert summary["l1_zero_weights"] > summary["l2_zero_weights"]
    assert summary["l1_zero_weights"] > 0


def test_early_stopping_is_said_as_the_run_measured_it():
    frames = list(regularization.run(**opt.check(REG, {})[0]))
    summary = frames[-1].summary
    if summary["best_epoch"] < summary["epochs"] and summary["val_loss"] > summary["val_loss_at_best"]:
        assert f"was lowest at epoch {summary['best_epoch']}" in frames[-1].text
    else:
        assert "still falling" in frames[-1].text
    # The default run overfits: the last epoch's validation loss is above the best one.
    assert summary["val_loss"] > summary["val_loss_at_best"] and summary["best_epoch"] < summary["epochs"]
    assert summary["train_loss"] < summary["val_loss_at_best"]


def test_a_learning_rate_that_diverges_says_so():
    frames = list(regularization.run(**opt.check(REG, {"lr": 50.0, "epochs": 200})[0]))
    summary = frames[-1].summary
    assert summary["diverged"] is True and "diverged" in frames[-1].text
    assert not math.isfinite(summary["val_loss"]) or summary["val_loss"] > 1


@pytest.mark.parametrize("values, message", [
    ({"penalty": -0.1}, "--penalty must be from 0 to 100, not -0.1"),
    ({"dropout": 1.0}, "--dropout must be at least 0 and below 1"),
    ({"hidden": 0}, "--hidden"),
    ({"epochs": 100_000, "hidden": 512, "points": 1000}, "would take about"),
])
def test_bad_values_are_refused(values, message):
    with pytest.raises(opt.BadOption, match=message):
        opt.check(REG, values)
