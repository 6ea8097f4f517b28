"""The perceptron demo against an exact perceptron written here: every count, weight and sentence.

The reference below runs the lecture's rule Δw = λ(t − y)x in fractions on the decimal λ the
learner typed, with the step of lecture 2 (y = 1 if z > 0, else 0). It shares no code with the
demo.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction

import pytest

from dltutor.demos import backend as B
from dltutor.demos import perceptron

INPUTS = {1: [(0,), (1,)], 2: [(0, 0), (0, 1), (1, 0), (1, 1)]}
TARGETS = {"and": (2, [0, 0, 0, 1]), "or": (2, [0, 1, 1, 1]), "nand": (2, [1, 1, 1, 0]), "not": (1, [1, 0])}
RATES = ["0.1", "0.25", "1", "7", "0.3", "0.001", "2.5"]


@dataclass
class Reference:
    epochs: int
    updates: int
    per_epoch: list[int]
    errors_after: list[int]
    w: list[Fraction]
    converged: bool


def reference_run(xs, ts, lr: str, start=None, epochs: int = 100) -> Reference:
    rate = Fraction(lr)
    X = [[Fraction(v) for v in x] + [Fraction(1)] for x in xs]
    ts = [int(t) for t in ts]  # a float target would turn the fractions into floats
    w = list(start) if start is not None else [Fraction(0)] * len(X[0])

    def out(x):
        return 1 if sum(a * b for a, b in zip(w, x)) > 0 else 0

    per_epoch, errors_after = [], []
    for number in range(1, epochs + 1):
        made = 0
        for x, t in zip(X, ts):
            y = out(x)
            if y != t:
                w = [a + rate * (t - y) * b for a, b in zip(w, x)]
                made += 1
        per_epoch.append(made)
        errors_after.append(sum(out(x) != t for x, t in zip(X, ts)))
        if made == 0:
            break
    assert all(isinstance(v, Fraction) for v in w)
    return Reference(len(per_epoch), sum(per_epoch), per_epoch, errors_after, w, per_epoch[-1] == 0)


def gate(name):
    size, ts = TARGETS[name]
    return INPUTS[size], ts


def last(**options):
    frames = list(perceptron.run(**options))
    assert all(f.summary is None for f in frames[:-1])
    return frames, frames[-1].summary


def on_boundary(w, xs):
    return [x for x in xs if sum(a * Fraction(b) for a, b in zip(w, [*x, 1])) == 0]


@pytest.mark.parametrize("name", sorted(TARGETS))
@pytest.mark.parametrize("lr", RATES)
def test_every_gate_and_rate_runs_as_the_exact_rule_does(name, lr):
    xs, ts = gate(name)
    ref = reference_run(xs, ts, lr)
    frames, s = last(gate=name, lr=float(lr))  # the command line hands over floats
    assert ref.converged
    assert (s["converged"], s["epochs"], s["updates"]) == (True, ref.epochs, ref.updates)
    assert s["weights"] == [float(v) for v in ref.w]
    assert frames[-1].series[1].y == [float(m) for m in ref.per_epoch]
    assert s["accuracy"] == 1.0 and s["on_boundary"] == len(on_boundary(ref.w, xs))
    assert 0 < s["updates"] <= s["novikoff_bound"]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_from_zero_the_rate_only_scales_the_weights(name):
    xs, ts = gate(name)
    runs = [reference_run(xs, ts, lr) for lr in RATES]
    assert len({(r.epochs, r.updates, tuple(r.per_epoch)) for r in runs}) == 1
    assert len({tuple(v / Fraction(lr) for v in r.w) for r, lr in zip(runs, RATES)}) == 1
    text = last(gate=name, lr=0.3)[0][-1].text
    scaled = ", ".join(f"{float(v / Fraction(RATES[0])):.3g}" for v in runs[0].w)
    assert f"= λ·({scaled})" in text and "every λ makes the same updates" in text


def test_nand_at_a_tenth_is_the_same_run_as_at_a_quarter():
    # The case: float w₀ = 0.20000000000000004 once made z = 0 come out positive.
    ref = reference_run(*gate("nand"), "0.1")
    assert (ref.epochs, ref.updates) == (6, 11)
    for lr in (0.1, 0.25):
        _, s = last(gate="nand", lr=lr)
        assert (s["epochs"], s["updates"]) == (6, 11)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_final_sentence_says_where_each_example_lies(name):
    xs, ts = gate(name)
    ref = reference_run(xs, ts, "0.1")
    text = last(gate=name)[0][-1].text
    on = on_boundary(ref.w, xs)
    # Each gate's run from zero ends with one example exactly on the line: z = 0, y = 0 = t.
    assert len(on) == 1 and ts[xs.index(on[0])] == 0
    assert "Every example lies strictly on its own side" not in text
    point = f"x₁ = {on[0][0]}" if len(on[0]) == 1 else "(" + ", ".join(map(str, on[0])) + ")"
    assert f"{point} lies exactly on the boundary" in text
    assert "which the step counts as 0 (lecture 2: z ≤ 0 is negative)" in text and "target t = 0" in text


def test_random_points_lie_strictly_on_their_sides_when_none_has_z_zero():
    xs, ts = perceptron.random_separable(30, B.generator(4))
    ref = reference_run(xs, ts, "0.1", epochs=10_000)
    _, s = last(data="random", points=30, seed=4, epochs=10_000)
    frames, _ = last(data="random", points=30, seed=4, epochs=10_000)
    assert ref.converged and not on_boundary(ref.w, xs)
    assert (s["epochs"], s["updates"]) == (ref.epochs, ref.updates)
    assert s["weights"] == [float(v) for v in ref.w]
    assert "Every example lies strictly on its own side of the boundary." in frames[-1].text


@pytest.mark.parametrize("seed", range(6))
def test_random_separable_sets_run_as_the_exact_rule_within_the_bound(seed):
    points = 10 + 7 * seed
    xs, ts = perceptron.random_separable(points, B.generator(seed))
    ref = reference_run(xs, ts, "0.1", epochs=10_000)
    _, s = last(data="random", points=points, seed=seed, epochs=10_000)
    assert ref.converged and s["converged"] is True and s["accuracy"] == 1.0
    assert (s["epochs"], s["updates"]) == (ref.epochs, ref.updates)
    assert s["updates"] <= s["novikoff_bound"]
    assert s["novikoff_bound"] == pytest.approx((s["R"] / s["gamma"]) ** 2)


def test_a_random_start_runs_as_the_exact_rule_and_says_the_bound_does_not_apply():
    frames, s = last(gate="and", init="random", seed=4)
    start = [Fraction(v) for v in frames[0].weights["w"]]  # floats, so their exact values
    ref = reference_run(*gate("and"), "0.1", start=start)
    assert ref.converged and (s["epochs"], s["updates"]) == (ref.epochs, ref.updates)
    assert s["weights"] == [float(v) for v in ref.w]
    assert s["bound_applies"] is False
    assert "does not apply as stated" in frames[0].text and "λ·" not in frames[-1].text


def test_the_bound_is_the_theorems_not_a_loose_number():
    # AND: R = √3 (the point (1, 1, 1)), γ = 1/√17, so (R/γ)² = 51.
    _, s = last(gate="and")
    assert s["R"] == pytest.approx(3 ** 0.5)
    assert s["novikoff_bound"] == pytest.approx(51.0, rel=1e-6)


def test_not_converging_within_the_epochs_is_reported():
    xs, ts = perceptron.random_separable(60, B.generator(2))
    ref = reference_run(xs, ts, "0.1", epochs=1)
    assert not ref.converged and ref.errors_after[-1] > 0  # the case this test is about
    frames, s = last(data="random", points=60, seed=2, epochs=1)
    assert (s["converged"], s["epochs"], s["updates"]) == (False, 1, ref.updates)
    assert s["accuracy"] == 1 - ref.errors_after[-1] / 60
    assert f"Not converged after 1 epoch ({ref.errors_after[-1]} error(s) left)" in frames[-1].text


def test_all_right_but_not_yet_a_clean_pass_is_said_so():
    found = []
    for name in TARGETS:
        ref = reference_run(*gate(name), "0.1")
        found += [(name, e + 1) for e, (made, wrong) in enumerate(zip(ref.per_epoch, ref.errors_after))
                  if made > 0 and wrong == 0]
    assert found  # OR: epoch 3 makes the last update, epoch 4 is the clean pass
    for name, epochs in found:
        frames, s = last(gate=name, epochs=epochs)
        assert s["converged"] is False and s["accuracy"] == 1.0
        assert "classify every example correctly" in frames[-1].text and "one more epoch" in frames[-1].text
        assert "Not converged" not in frames[-1].text


def test_updates_count_weight_changes_and_epochs_end_with_a_clean_pass():
    frames, s = last(gate="or")
    per_epoch = frames[-1].series[1].y
    assert sum(per_epoch) == s["updates"]
    assert per_epoch[-1] == 0 and len(per_epoch) == s["epochs"]


def test_the_example_table_is_the_rule_step_by_step():
    frames, _ = last(gate="nand", lr=0.25)
    rate = Fraction("0.25")
    for frame in frames[1:]:
        table = next(m for m in frame.matrices if "example by example" in m.label)
        for x1, x2, t, y, err, *dw in table.values:
            assert err == t - y
            assert [Fraction(d) for d in dw] == [rate * Fraction(err) * Fraction(v) for v in (x1, x2, 1)]


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
    assert len(boundary.x) > 10
    for x, y in zip(boundary.x, boundary.y):
        assert w1 * x + w2 * y + w0 == pytest.approx(0, abs=1e-9)


def test_the_sentences_name_only_numbers_the_run_has():
    frames, s = last(gate="and", lr=0.5)
    ref = reference_run(*gate("and"), "0.5")
    text = frames[-1].text
    assert re.search(rf"converged after {ref.updates} updates", text)
    assert f"Epoch {ref.epochs} made no mistakes" in text
    assert f"{ref.updates} ≤ {s['novikoff_bound']:.1f}" in text
