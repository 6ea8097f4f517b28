"""Backprop: what the demo shows, recomputed here by torch autograd from the weights it shows.

The demo's own autograd check (`max_abs_diff`) is not trusted: the test reads the starting
weights from the update table, builds the network itself, lets autograd compute the loss, the
deltas (∂loss/∂z) and the gradients, and compares them with the tables; then it trains its own
copy by autograd for every step and compares where the demo ended.
"""

from __future__ import annotations

import re

import pytest
import torch

from dltutor.demos import backprop

SUB = {c: i for i, c in enumerate("₁₂₃₄₅₆₇₈₉")}
CASES = [([1.0, 0.0], 1.0, 2, 0, 0.5), ([0.0, 1.0], 0.0, 2, 1, 0.5), ([0.3, -2.0, 1.5], 0.25, 3, 7, 0.5),
         ([5.0], 0.9, 1, 3, 0.5), ([1.0, 0.0], 1.0, 2, 0, 5.0), ([0.0, 0.0], 0.0, 2, 4, 0.5)]


def table(frame, word):
    return next(m for m in frame.matrices if word in m.label)


def weights_from(update, n_in, hidden):
    """The network in the update table's "w before" column, placed by each row's edge name."""
    W1, b1 = torch.zeros(hidden, n_in, dtype=torch.float64), torch.zeros(hidden, dtype=torch.float64)
    W2, b2 = torch.zeros(1, hidden, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)
    for name, (before, _, _) in zip(update.rows, update.values):
        if m := re.fullmatch(r"h(.)←x(.)", name):
            W1[SUB[m[1]], SUB[m[2]]] = before
        elif m := re.fullmatch(r"h(.)←1 \(bias\)", name):
            b1[SUB[m[1]]] = before
        elif m := re.fullmatch(r"y←h(.)", name):
            W2[0, SUB[m[1]]] = before
        else:
            assert name == "y←1 (bias)"
            b2[0] = before
    return [p.requires_grad_(True) for p in (W1, b1, W2, b2)]


def forward(params, x):
    W1, b1, W2, b2 = params
    z1 = W1 @ x + b1
    h = torch.sigmoid(z1)
    z2 = W2 @ h + b2
    return z1, h, z2, torch.sigmoid(z2)


def gradient_by_name(rows, params):
    W1, b1, W2, b2 = (p.grad for p in params)
    out = []
    for name in rows:
        if m := re.fullmatch(r"h(.)←x(.)", name):
            out.append(float(W1[SUB[m[1]], SUB[m[2]]]))
        elif m := re.fullmatch(r"h(.)←1 \(bias\)", name):
            out.append(float(b1[SUB[m[1]]]))
        elif m := re.fullmatch(r"y←h(.)", name):
            out.append(float(W2[0, SUB[m[1]]]))
        else:
            out.append(float(b2[0]))
    return out


@pytest.mark.parametrize("x, t, hidden, seed, lr", CASES)
def test_every_number_of_step_one_is_what_autograd_computes(x, t, hidden, seed, lr):
    frames = list(backprop.run(x, t=t, hidden=hidden, lr=lr, steps=1, seed=seed))
    final = frames[-1]
    update = table(final, "update")
    params = weights_from(update, len(x), hidden)
    xs = torch.tensor(x, dtype=torch.float64)
    z1, h, z2, y = forward(params, xs)
    z1.retain_grad(), z2.retain_grad()
    loss = ((t - y) ** 2).sum()
    loss.backward()
    z1_grad, z2_grad = z1.grad, z2.grad
    z1, h, z2, y, loss = (v.detach() for v in (z1, h, z2, y, loss))

    fwd = table(final, "forward")
    assert [r[0] for r in fwd.values] == pytest.approx([*z1.tolist(), *z2.tolist()], abs=1e-14)
    assert [r[1] for r in fwd.values] == pytest.approx([*h.tolist(), *y.tolist()], abs=1e-14)
    deltas = table(final, "deltas")  # δ = ∂loss/∂z at the output, then at each hidden unit
    assert [r[0] for r in deltas.values] == pytest.approx([*z2_grad.tolist(), *z1_grad.tolist()], abs=1e-14)

    grads = table(final, "gradients")
    by_autograd = gradient_by_name(grads.rows, params)
    assert max(abs(r[0] - g) for r, g in zip(grads.values, by_autograd)) <= 1e-12  # "by hand" column
    assert max(abs(r[1] - g) for r, g in zip(grads.values, by_autograd)) <= 1e-12  # "autograd" column
    assert len(grads.values) == hidden * len(x) + hidden + hidden + 1
    for (before, delta, after), g in zip(update.values, gradient_by_name(update.rows, params)):
        assert delta == pytest.approx(-lr * g, abs=1e-14) and after == pytest.approx(before - lr * g, abs=1e-14)

    s = final.summary
    assert s["loss_before"] == pytest.approx(float(loss), abs=1e-14)
    assert s["output_before"] == pytest.approx(float(y), abs=1e-14)
    with torch.no_grad():
        stepped = [p - lr * p.grad for p in params]
    after = float(((t - forward(stepped, xs)[3]) ** 2).sum())
    assert s["loss_after"] == pytest.approx(after, abs=1e-13)
    change = "fell" if after < float(loss) else "rose"
    assert f"The loss {change}: from {float(loss):.5f} to {after:.5f}." in frames[4].text


@pytest.mark.parametrize("x, t, hidden, seed, lr", CASES)
def test_training_by_autograd_ends_where_the_demo_ends(x, t, hidden, seed, lr):
    steps = 25
    final = list(backprop.run(x, t=t, hidden=hidden, lr=lr, steps=steps, seed=seed))[-1]
    params = weights_from(table(final, "update"), len(x), hidden)
    xs = torch.tensor(x, dtype=torch.float64)
    for _ in range(steps):
        loss = ((t - forward(params, xs)[3]) ** 2).sum()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            params = [(p - lr * g).requires_grad_(True) for p, g in zip(params, grads)]
    s = final.summary
    y = forward(params, xs)[3].item()
    assert s["output_after"] == pytest.approx(y, abs=1e-12)
    assert s["loss_after"] == pytest.approx((t - y) ** 2, abs=1e-12)
    assert s["max_abs_diff"] <= 1e-12


def test_the_update_sentence_names_the_weights_that_did_not_move():
    frames = list(backprop.run([1.0, 0.0], steps=1))
    update = table(frames[-1], "update")
    params = weights_from(update, 2, 2)
    z = forward(params, torch.tensor([1.0, 0.0], dtype=torch.float64))[3]  # y
    ((1.0 - z) ** 2).sum().backward()
    still = [name for name, g in zip(update.rows, gradient_by_name(update.rows, params)) if g == 0]
    assert still == ["h₁←x₂", "h₂←x₂"]  # x₂ = 0: δⱼ·x₂ is 0
    text = frames[4].text
    assert "moved every weight" not in text
    assert "except h₁←x₂ and h₂←x₂, whose gradient is 0 because they carry x₂ = 0" in text
    assert [r[1] for r, name in zip(update.values, update.rows) if name in still] == [0.0, 0.0]


def test_step_one_is_shown_in_stages():
    frames = list(backprop.run([1.0, 0.0], steps=1))
    assert [f.stage for f in frames] == ["forward", "output delta", "hidden deltas", "gradients", "update", "done"]
    assert "rounding error in float64" in frames[3].text
