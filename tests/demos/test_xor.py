"""XOR: the perceptron never gets 4/4 and its cycle is real; the MLP solves it."""

from __future__ import annotations

import pytest

from dltutor.demos import backend as B
from dltutor.demos import xor
from dltutor.demos.perceptron import GATES, augment, train_epoch


@pytest.mark.parametrize("init, seed, lr", [("zero", 0, 0.1), ("zero", 0, 1.0), ("random", 1, 0.1), ("random", 2, 0.3),
                                            ("random", 3, 0.05)])
def test_the_perceptron_never_classifies_xor_and_its_cycle_repeats(init, seed, lr):
    frames = list(xor.run(lr=lr, init=init, seed=seed, epochs=200, mlp_epochs=1))
    s = frames[-1].summary
    assert s["perceptron_converged"] is False
    assert s["cycle_detected"] is True
    assert s["perceptron_best_accuracy"] < 1
    assert all(f.scalars["errors"] > 0 for f in frames if f.stage == "perceptron")
    assert all(e > 0 for e in next(x for x in frames[-1].series if x.label == "errors").y)

    # Replay the rule independently: the weights after the run equal those one cycle earlier.
    xs, ts = GATES["xor"]
    X, T = augment(xs), B.tensor(ts)
    w = B.uniform((3,), -0.5, 0.5, B.generator(seed)) if init == "random" else B.tensor([0.0, 0.0, 0.0])
    states = [B.floats(w)]
    for n in range(1, s["perceptron_epochs"] + 1):
        epoch = train_epoch(w, X, T, lr, n)
        assert epoch.errors_after > 0 and min(epoch.trace) > 0
        states.append(B.floats(w))
    assert states[-1] == pytest.approx(states[-1 - s["cycle_length"]], abs=1e-9)
    assert states[-1] == pytest.approx(states[s["cycle_start"] - 1], abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_the_mlp_solves_xor(seed):
    s = list(xor.run(seed=seed))[-1].summary
    assert s["mlp_accuracy"] == 1.0
    assert [o > 0.5 for o in s["mlp_outputs"]] == [False, True, True, False]
    assert s["mlp_loss"] < 0.05


def test_the_final_frame_tells_both_halves():
    final = list(xor.run(mlp_epochs=300))[-1]
    assert {c.name for c in final.charts} == {"data", "errors", "regions", "loss"}
    assert "not linearly separable" in final.text
    heat = next(m for m in final.matrices if m.kind == "heatmap")
    assert len(heat.values) == len(heat.rows) == xor.GRID and all(0 <= v <= 1 for r in heat.values for v in r)
