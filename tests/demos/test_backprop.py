"""Backprop: every hand-made gradient equals autograd, the stages come in order, the loss falls."""

from __future__ import annotations

import pytest

from dltutor.demos import backprop


@pytest.mark.parametrize("x, t, hidden, seed", [([1.0, 0.0], 1.0, 2, 0), ([0.0, 1.0], 0.0, 2, 1),
                                                ([0.3, -2.0, 1.5], 0.25, 3, 7), ([5.0], 0.9, 1, 3)])
def test_manual_gradients_equal_autograd_and_the_loss_falls(x, t, hidden, seed):
    frames = list(backprop.run(x, t=t, hidden=hidden, steps=30, seed=seed))
    s = frames[-1].summary
    assert s["max_abs_diff"] <= 1e-12
    assert s["loss_after"] < s["loss_before"]
    assert abs(s["output_after"] - t) < abs(s["output_before"] - t)
    grads = next(m for m in frames[-1].matrices if "gradients" in m.label)
    assert len(grads.values) == hidden * len(x) + hidden + hidden + 1
    assert all(row[2] <= 1e-12 and row[2] == abs(row[0] - row[1]) for row in grads.values)


def test_step_one_is_shown_in_stages():
    frames = list(backprop.run([1.0, 0.0], steps=1))
    assert [f.stage for f in frames] == ["forward", "output delta", "hidden deltas", "gradients", "update", "done"]
    s = frames[-1].summary
    assert set(s) >= {"max_abs_diff", "loss_before", "loss_after"}
    update = next(m for m in frames[-1].matrices if "update" in m.label)
    grads = next(m for m in frames[-1].matrices if "gradients" in m.label)
    for (before, delta, after), (hand, _, _) in zip(update.values, grads.values):
        assert delta == pytest.approx(-0.5 * hand) and after == pytest.approx(before + delta)
