"""`cnn`: accuracies on test and shifted images, recomputed in the test from the trained parameters."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dltutor.demos import cnn
from dltutor.demos import options as opt
from dltutor.demos.registry import find_demo

CNN = find_demo("cnn")


def _scores(weights: dict, name: str, X: torch.Tensor, filters: int) -> torch.Tensor:
    """Our own forward pass with torch's modules, loaded with the trained parameters the last frame carries."""
    conv = torch.nn.Conv2d(1, filters, 3, padding=1).double()
    conv.weight.data = torch.tensor(weights[f"{name} kernels"], dtype=torch.float64).reshape(filters, 1, 3, 3)
    conv.bias.data = torch.tensor(weights[f"{name} kernel biases"], dtype=torch.float64)
    h = torch.relu(conv(X))
    features = torch.nn.functional.adaptive_max_pool2d(h, 1).flatten(1) if name == "pool" else h.flatten(1)
    dense = torch.tensor(weights[f"{name} dense"], dtype=torch.float64).reshape(2, -1)
    return features @ dense.T + torch.tensor(weights[f"{name} dense biases"], dtype=torch.float64)


@pytest.mark.parametrize("values", [{}, {"seed": 3, "shift": 5, "filters": 2}])
def test_shifted_images_are_recognised_better_with_pooling(values):
    options, _ = opt.check(CNN, values)
    frames = list(cnn.run(**options))
    summary, weights = frames[-1].summary, frames[-1].weights
    _, (Xte, yte, _), _ = cnn.setup(options["filters"], options["train"], options["noise"], options["seed"])
    Xsh = torch.zeros_like(Xte)
    s = options["shift"]
    Xsh[:, :, s:, s:] = Xte[:, :, :Xte.shape[-2] - s, :Xte.shape[-1] - s]  # our own shift, zeros coming in
    with torch.no_grad():
        acc = {(name, shifted): float((_scores(weights, name, X, options["filters"]).argmax(1) == yte).double().mean())
               for name in ("pool", "no pool") for shifted, X in ((False, Xte), (True, Xsh))}
        same = (_scores(weights, "pool", Xte, options["filters"]) - _scores(weights, "pool", Xsh, options["filters"]))
    assert summary["accuracy"] == acc[("pool", False)]
    assert summary["accuracy_no_pool"] == acc[("no pool", False)]
    assert summary["shifted_accuracy_pool"] == acc[("pool", True)]
    assert summary["shifted_accuracy_no_pool"] == acc[("no pool", True)]
    assert summary["identical_scores_pool"] == float((same.abs().amax(1) <= 1e-9).double().mean())
    assert acc[("pool", True)] > acc[("no pool", True)]
    assert acc[("pool", False)] >= 0.9


def test_training_is_gradient_descent_on_the_cross_entropy():
    # One epoch by our own hand: the same start, autograd's gradients, Δw = −λ ∂loss/∂w.
    options, _ = opt.check(CNN, {"epochs": 1, "train": 40})
    (Xtr, ytr, _), _, start = cnn.setup(options["filters"], options["train"], options["noise"], options["seed"])
    weights = list(cnn.run(**options))[-1].weights
    for name, params in start.items():
        leaves = [p.clone().requires_grad_(True) for p in params]
        h = F.relu(F.conv2d(Xtr, leaves[0], leaves[1], padding=1))
        features = h.amax((2, 3)) if name == "pool" else h.flatten(1)
        loss = F.cross_entropy(features @ leaves[2].T + leaves[3], ytr)
        grads = torch.autograd.grad(loss, leaves)
        stepped = (leaves[0] - options["lr"] * grads[0]).detach().reshape(-1)
        assert torch.allclose(torch.tensor(weights[f"{name} kernels"], dtype=torch.float64), stepped, atol=1e-12)


@pytest.mark.parametrize("values, message", [
    ({"shift": 6}, "--shift must be a whole number from 0 to 5"),
    ({"filters": 0}, "--filters"),
    ({"epochs": 20_000, "train": 5000, "filters": 32}, "would take about"),
])
def test_bad_values_are_refused(values, message):
    with pytest.raises(opt.BadOption, match=message):
        opt.check(CNN, values)
    assert cnn.MAX_SHIFT == 5
