"""XOR: what the run reached, what any line can reach (found here by exhaustive search), the cycle.

Nothing here trusts the demo's own counts: the perceptron is replayed in fractions, and which
labellings of the four points a line can make is decided for all 16 of them by an exact
perceptron that either converges (a line exists) or repeats a weight state (none does).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import pytest

from dltutor.demos import xor

POINTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
XOR = [0, 1, 1, 0]


def augmented():
    return [[Fraction(a), Fraction(b), Fraction(1)] for a, b in POINTS]


def out(w, x):
    return 1 if sum(a * b for a, b in zip(w, x)) > 0 else 0


def a_line_makes(labels) -> bool:
    """Exact perceptron from zero, λ = 1: a clean epoch means separable; a repeated state, not.

    On whole-number inputs from zero every weight stays whole, and on inseparable data the
    weights stay bounded (the cycling theorem), so one of the two must happen.
    """
    X, w, seen = augmented(), [Fraction(0)] * 3, set()
    for _ in range(10_000):
        if tuple(w) in seen:
            return False
        seen.add(tuple(w))
        clean = True
        for x, t in zip(X, labels):
            y = out(w, x)
            if y != t:
                w, clean = [a + (t - y) * b for a, b in zip(w, x)], False
        if clean:
            return True
    raise AssertionError("neither converged nor repeated")


def best_any_line() -> int:
    made = [labels for labels in itertools.product((0, 1), repeat=4) if a_line_makes(labels)]
    assert len(made) == 14  # all but XOR and its complement: four points in general position
    return max(sum(a == b for a, b in zip(labels, XOR)) for labels in made)


def replay(lr: str, start, epochs: int):
    """The demo's part 1, exactly: (fewest errors at any moment, cycle (first, length) or None, traces)."""
    X, w = augmented(), list(start)
    rate = Fraction(lr)
    starts = {tuple(w): 1}  # state at the start of epoch k
    fewest = sum(out(w, x) != t for x, t in zip(X, XOR))
    traces = []
    for number in range(1, epochs + 1):
        trace = []
        for x, t in zip(X, XOR):
            y = out(w, x)
            if y != t:
                w = [a + rate * (t - y) * b for a, b in zip(w, x)]
            trace.append(sum(out(w, xx) != tt for xx, tt in zip(X, XOR)))
        traces.append(trace)
        fewest = min(fewest, *trace)
        if tuple(w) in starts:
            return fewest, (starts[tuple(w)], number + 1 - starts[tuple(w)]), traces
        starts[tuple(w)] = number + 1
    return fewest, None, traces


def part1(frames):
    return [f for f in frames if f.stage == "perceptron"][-1]


def test_the_best_any_line_does_on_xor_is_three_of_four_and_the_demo_says_so():
    best = best_any_line()
    assert best == 3
    text = part1(list(xor.run(mlp_epochs=1))).text
    assert f"the best any line can do is {best} of 4" in text
    m = re.search(r"whole-number weights finds w = \((-?\d+), (-?\d+), (-?\d+)\)", text)
    assert m, text
    w = [Fraction(int(v)) for v in m.groups()]
    assert sum(out(w, x) == t for x, t in zip(augmented(), XOR)) == best
    assert "The best any weights did was 2 of 4" not in text


@pytest.mark.parametrize("init, seed, lr", [("zero", 0, "0.1"), ("zero", 0, "1"), ("random", 1, "0.1"),
                                            ("random", 2, "0.3"), ("random", 3, "0.05")])
def test_the_run_reports_its_own_best_and_its_cycle(init, seed, lr):
    frames = list(xor.run(lr=float(lr), init=init, seed=seed, epochs=200, mlp_epochs=1))
    s = frames[-1].summary
    # The first frame comes after epoch 1; its table starts with the weights epoch 1 started from.
    table = next(m for m in frames[0].matrices if "start of each epoch" in m.label)
    start = [Fraction(v) for v in table.values[0][:3]]  # floats, so their exact values
    assert init == "random" or start == [0, 0, 0]
    fewest, cycle, traces = replay(lr, start, 200)
    assert cycle is not None
    assert s["perceptron_converged"] is False and s["cycle_detected"] is True
    assert (s["cycle_start"], s["cycle_length"]) == cycle
    assert s["perceptron_best_accuracy"] == (4 - fewest) / 4
    text = part1(frames).text
    assert f"The best this run's weights did was {4 - fewest} of 4 right" in text
    assert f"ended with exactly the weights epoch {cycle[0]} started with" in text
    cycled = [e for trace in traces[cycle[0] - 1:] for e in trace]
    assert min(cycled) > 0
    moves = (f"go up and down between {min(cycled)} and {max(cycled)}" if min(cycled) < max(cycled)
             else f"the errors stay at {min(cycled)}")
    assert moves in text
    errors = next(x for x in frames[-1].series if x.label == "errors").y
    assert errors == [float(e) for trace in traces for e in trace]


def test_from_zero_the_rate_does_not_change_the_run():
    a = list(xor.run(lr=0.1, mlp_epochs=1))[-1].summary
    b = list(xor.run(lr=0.7, mlp_epochs=1))[-1].summary
    keys = ("cycle_start", "cycle_length", "perceptron_epochs", "perceptron_best_accuracy")
    assert [a[k] for k in keys] == [b[k] for k in keys]


def test_a_run_too_short_for_the_cycle_says_so():
    fewest, cycle, _ = replay("0.1", [Fraction(0)] * 3, 1)
    assert cycle is None
    frames = list(xor.run(epochs=1, mlp_epochs=1))
    s = frames[-1].summary
    assert s["cycle_detected"] is False and s["perceptron_epochs"] == 1
    text = part1(frames).text
    assert "After 1 epoch none of this run's weights got all 4 right" in text and "no weight state repeated" in text
    assert f"did was {4 - fewest} of 4 right" in text


def test_the_cycle_scalar_names_the_epochs_that_repeat():
    frames = list(xor.run(init="random", seed=2, lr=0.3, epochs=200, mlp_epochs=1))
    s = frames[-1].summary
    first, length = s["cycle_start"], s["cycle_length"]
    shown = part1(frames).scalars["cycle"]
    assert shown == (f"epoch {first}" if length == 1 else f"epochs {first}–{first + length - 1}")


@pytest.mark.parametrize("seed", range(5))
def test_the_mlp_solves_xor(seed):
    s = list(xor.run(seed=seed))[-1].summary
    assert s["mlp_accuracy"] == 1.0
    assert [o > 0.5 for o in s["mlp_outputs"]] == [False, True, True, False]
    assert s["mlp_loss"] < 0.05


def test_an_unsolved_mlp_says_it_has_not_solved_xor_yet():
    final = list(xor.run(mlp_epochs=10))[-1]
    out = final.summary["mlp_outputs"]
    correct = sum((o > 0.5) == (t == 1) for o, t in zip(out, XOR))
    assert correct < 4
    assert f"the MLP gets {correct} of 4 after 10 epochs" in final.text
    assert "has not solved XOR in 10 epochs" in final.text and "stuck" not in final.text


def test_the_final_frame_tells_both_halves():
    final = list(xor.run(mlp_epochs=300))[-1]
    assert {c.name for c in final.charts} == {"data", "errors", "regions", "loss"}
    assert "not linearly separable" in final.text
    heat = next(m for m in final.matrices if m.kind == "heatmap")
    assert len(heat.values) == len(heat.rows) == xor.GRID and all(0 <= v <= 1 for r in heat.values for v in r)
