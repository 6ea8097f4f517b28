"""The perceptron demo, on facts: convergence, Novikoff's bound, what the frames and summary say."""

from __future__ import annotations

import json

import pytest

from dltutor.demos import backend as B
from dltutor.demos import perceptron


def last(**options):
    frames = list(perceptron.run(**options))
    assert all(f.summary is None for f in frames[:-1])
    return frames, frames[-1].summary


@pytest.mark.parametrize("gate", ["and", "or", "nand", "not"])
@pytest.mark.parametrize("lr", [0.1, 1.0, 7.0])
def test_gates_converge_from_zero_within_novikoffs_bound(gate, lr):
    _, s = last(gate=gate, lr=lr)
    assert s["converged"] is True
    assert s["accuracy"] == 1.0
    assert s["bound_applies"] is True
    assert 0 < s["updates"] <= s["novikoff_bound"]
    xs, ts = perceptron.GATES[gate]
    w = s["weights"]
    for x, t in zip(xs, ts):  # the final weights really classify every example
        assert B.btu(sum(wi * xi for wi, xi in zip(w, [*x, 1.0]))) == t


@pytest.mark.parametrize("seed", range(8))
def test_random_separable_sets_converge_within_the_bound(seed):
    points = 10 + 7 * seed
    _, s = last(data="random", points=points, seed=seed, epochs=10_000)
    assert s["converged"] is True and s["accuracy"] == 1.0
    assert s["points"] == points
    assert s["updates"] <= s["novikoff_bound"]
    assert s["novikoff_bound"] == pytest.approx((s["R"] / s["gamma"]) ** 2)


def test_the_bound_is_the_theorems_not_a_loose_number():
    # AND: R = √3 (the point (1, 1, 1)), γ = 1/√17, so (R/γ)² = 51.
    _, s = last(gate="and")
    assert s["R"] == pytest.approx(3 ** 0.5)
    assert s["novikoff_bound"] == pytest.approx(51.0, rel=1e-6)


def test_random_start_converges_and_says_the_bound_does_not_apply():
    frames, s = last(gate="and", init="random", seed=4)
    assert s["converged"] is True and s["bound_applies"] is False
    assert "does not apply as stated" in frames[0].text


def test_updates_count_weight_changes_and_epochs_end_with_a_clean_pass():
    frames, s = last(gate="or")
    per_epoch = frames[-1].series[1].y
    assert sum(per_epoch) == s["updates"]
    assert per_epoch[-1] == 0 and len(per_epoch) == s["epochs"]


def test_not_converging_within_the_epochs_is_reported():
    _, s = last(data="random", points=60, seed=2, epochs=1)
    assert s["epochs"] == 1
    if not s["converged"]:
        assert s["accuracy"] < 1.0


def test_same_seed_same_run_different_seed_different_data():
    a = [json.dumps(f.to_dict()) for f in perceptron.run(data="random", points=15, seed=5)]
    b = [json.dumps(f.to_dict()) for f in perceptron.run(data="random", points=15, seed=5)]
    c = [json.dumps(f.to_dict()) for f in perceptron.run(data="random", points=15, seed=6)]
    assert a == b and a != c


def test_frames_are_plain_data_with_the_boundary_over_the_points():
    frames, _ = last(gate="nand")
    for f in frames:
        d = f.to_dict()
        json.dumps(d, allow_nan=False)
        names = {c["name"] for c in d["charts"]}
        assert {s["chart"] for s in d["series"]} <= names and {p["chart"] for p in d["points"]} <= names
    final = frames[-1]
    boundary = next(s for s in final.series if s.label == "boundary")
    w1, w2, w0 = final.summary["weights"]
    for x, y in zip(boundary.x, boundary.y):
        assert w1 * x + w2 * y + w0 == pytest.approx(0, abs=1e-9)
