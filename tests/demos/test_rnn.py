"""The rnn demo, on facts recomputed here: BPTT's gradient norms by autograd, the memory task's
accuracies on sequences this test draws, with its own LSTM (torch's LSTMCell) and GRU, and how much
gradient the trained vanilla RNN passes back over the lag."""

from __future__ import annotations

import math

import pytest
import torch

from dltutor.demos import rnn

SYMBOLS = 4


def tensor(rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float64)


def state_gradients(U, W, V, x, target):
    """‖∂L/∂sₜ‖ for sₜ = tanh(U xₜ + W sₜ₋₁), L = cross-entropy of softmax(V s_T), by autograd."""
    U, W, V = (tensor(m).requires_grad_(True) for m in (U, W, V))
    s = torch.zeros(W.shape[0], dtype=torch.float64)
    states = []
    for xt in tensor(x):
        s = torch.tanh(U @ xt + W @ s)
        states.append(s)
    loss = -torch.log_softmax(V @ s, 0)[target]
    return [float(g.norm()) for g in torch.autograd.grad(loss, states)]


def task(n, steps, lag, seed):
    """The memory task as the demo describes it: one-hot symbols, the one at step steps − lag marked."""
    g = torch.Generator().manual_seed(seed)
    X = torch.zeros(n, steps, SYMBOLS + 1, dtype=torch.float64)
    symbols = torch.randint(0, SYMBOLS, (n, steps), generator=g)
    for b in range(n):
        for t in range(steps):
            X[b, t, symbols[b, t]] = 1.0
    X[:, steps - lag - 1, SYMBOLS] = 1.0
    return X, symbols[:, steps - lag - 1]


def vanilla_logits(w, X):
    s = torch.zeros(X.shape[0], len(w["W"]), dtype=torch.float64)
    U, W, V = tensor(w["U"]), tensor(w["W"]), tensor(w["V"])
    for t in range(X.shape[1]):
        s = torch.tanh(X[:, t] @ U.T + s @ W.T)
    return s @ V.T


def lstm_logits(w, X):
    """torch's own LSTMCell with the demo's weights (its gate order is i, f, g, o; the demo's i, f, o, g)."""
    Ux, Wh, b = tensor(w["lstm Ux"]), tensor(w["lstm Wh"]), tensor(w["lstm b"])
    H = Wh.shape[0]
    order = torch.cat([torch.arange(0, 2 * H), torch.arange(3 * H, 4 * H), torch.arange(2 * H, 3 * H)])
    cell = torch.nn.LSTMCell(X.shape[2], H, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(Ux.T[order])
        cell.weight_hh.copy_(Wh.T[order])
        cell.bias_ih.copy_(b[order])
        cell.bias_hh.zero_()
        h = c = torch.zeros(X.shape[0], H, dtype=torch.float64)
        for t in range(X.shape[1]):
            h, c = cell(X[:, t], (h, c))
    return h @ tensor(w["lstm V"]) + tensor(w["lstm c"])


def gru_logits(w, X):
    """rₜ, zₜ = σ(·); h̃ = tanh(Ux x + Wh (r ⊙ s) + b); s = (1 − z) s + z h̃: the demo's stated GRU."""
    Ux, Wh, b = tensor(w["gru Ux"]), tensor(w["gru Wh"]), tensor(w["gru b"])
    H = Wh.shape[0]
    s = torch.zeros(X.shape[0], H, dtype=torch.float64)
    for t in range(X.shape[1]):
        pre = X[:, t] @ Ux + b
        r = torch.sigmoid(pre[:, :H] + s @ Wh[:, :H])
        z = torch.sigmoid(pre[:, H:2 * H] + s @ Wh[:, H:2 * H])
        candidate = torch.tanh(pre[:, 2 * H:] + (r * s) @ Wh[:, 2 * H:])
        s = (1 - z) * s + z * candidate
    return s @ tensor(w["gru V"]) + tensor(w["gru c"])


@pytest.mark.parametrize("steps, w_scale, seed", [(15, 1.0, 0), (12, 0.5, 1), (12, 5.0, 2), (6, 2.0, 3)])
def test_bptt_gradient_norms_equal_autograds(steps, w_scale, seed):
    frames = list(rnn.run(steps=steps, lag=steps - 1, w_scale=w_scale, iterations=2, seed=seed))
    s, w = frames[-1].summary, frames[-1].weights
    norms = state_gradients(w["initial U"], w["initial W"], w["initial V"], w["x"], w["target"][0])
    assert len(s["grad_norms"]) == steps
    for mine, theirs in zip(s["grad_norms"], norms):
        assert mine == pytest.approx(theirs, rel=1e-10, abs=1e-300)
    assert s["vanishing_ratio"] == pytest.approx(norms[0] / norms[-1], rel=1e-10)
    # The unfolded states drawn are the states of that sequence.
    state_map = next(m for m in frames[0].matrices if m.label.startswith("hidden states"))
    assert len(state_map.values) == len(w["initial W"]) and len(state_map.values[0]) == steps


def test_a_small_w_shrinks_the_gradient_and_w_scale_5_makes_it_grow():
    def ratio(w_scale):
        w = list(rnn.run(steps=30, lag=29, w_scale=w_scale, iterations=1))[-1].weights
        norms = state_gradients(w["initial U"], w["initial W"], w["initial V"], w["x"], w["target"][0])
        return norms[0] / norms[-1]

    assert ratio(1.0) < 1e-2  # the default: the gradient reaching step 1 has all but vanished
    assert ratio(5.0) > 1.0  # the try-next: it explodes instead


@pytest.mark.parametrize("seed", [0, 3])
def test_the_lstm_beats_the_vanilla_rnn_where_the_rnns_gradient_has_vanished(seed):
    frames = list(rnn.run(seed=seed))
    s, w = frames[-1].summary, frames[-1].weights
    steps, lag = s["steps"], s["lag"]
    X, y = task(600, steps, lag, seed=100 + seed)  # sequences the demo never saw
    with torch.no_grad():
        acc = {"rnn": float((vanilla_logits(w, X).argmax(1) == y).double().mean()),
               "lstm": float((lstm_logits(w, X).argmax(1) == y).double().mean()),
               "gru": float((gru_logits(w, X).argmax(1) == y).double().mean())}
    assert acc["lstm"] > acc["rnn"] + 0.2
    assert acc["gru"] > acc["rnn"] + 0.2
    for kind in acc:  # the demo's own test accuracies agree with these, up to sampling
        assert s[f"{kind}_accuracy"] == pytest.approx(acc[kind], abs=0.08)
    # The trained vanilla RNN's gradient from the last step back to the marked one, by autograd.
    states: list[torch.Tensor] = []
    U, W, V = (tensor(w[k]).requires_grad_(True) for k in ("U", "W", "V"))
    s_t = torch.zeros(64, len(W), dtype=torch.float64)
    for t in range(steps):
        s_t = torch.tanh(X[:64, t] @ U.T + s_t @ W.T)
        states.append(s_t)
    loss = torch.nn.functional.cross_entropy(s_t @ V.T, y[:64])
    marked, last = torch.autograd.grad(loss, [states[steps - lag - 1], states[-1]])
    ratio = float(marked.norm() / last.norm())
    assert ratio < 1e-2
    assert s["rnn_gradient_at_lag"] < 1e-2
    text = frames[-1].text
    assert f"the vanilla RNN scored {s['rnn_accuracy']:.0%}, the LSTM {s['lstm_accuracy']:.0%}" in text
    assert "its gradient has vanished" in text


def test_training_frames_come_in_order_and_the_gates_are_drawn():
    frames = list(rnn.run(steps=8, lag=7, iterations=20, seed=1))
    stages = [f.stage for f in frames]
    assert stages[:2] == ["unfold", "bptt"] and stages[-2:] == ["LSTM gates", "done"]
    trained = [st for st in stages if st.startswith("train")]
    assert trained == sorted(trained, key=["train vanilla RNN", "train LSTM", "train GRU"].index)
    gates = {m.label for m in frames[-2].matrices}
    assert gates == {"input gate iₜ", "forget gate fₜ", "output gate oₜ", "cell state cₜ"}
    assert all(f.summary is None for f in frames[:-1]) and frames[-1].step == frames[-1].total
    s = frames[-1].summary
    assert {"grad_norms", "vanishing_ratio", "rnn_accuracy", "lstm_accuracy", "gru_accuracy", "lag"} <= set(s)
    assert all(1 <= s["iterations"][k] <= 20 for k in ("rnn", "lstm", "gru"))


def test_a_shorter_lag_marks_a_later_step():
    frames = list(rnn.run(steps=10, lag=3, iterations=1))
    x = frames[-1].weights["x"]
    marked = [t for t, step in enumerate(x) if step[-1] == 1.0]
    assert marked == [10 - 3 - 1]
    assert math.isclose(sum(x[marked[0]][:SYMBOLS]), 1.0)
    assert frames[-1].weights["target"][0] == max(range(SYMBOLS), key=lambda k: x[marked[0]][k])


def test_same_seed_same_run():
    a = [f.to_dict() for f in rnn.run(steps=6, lag=5, iterations=3, seed=4)]
    b = [f.to_dict() for f in rnn.run(steps=6, lag=5, iterations=3, seed=4)]
    c = [f.to_dict() for f in rnn.run(steps=6, lag=5, iterations=3, seed=5)]
    assert a == b and a != c
