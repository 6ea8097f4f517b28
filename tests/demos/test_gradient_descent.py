"""Gradient descent: the 2/L limit from eigenvalues, and every verdict and comparison the demo prints.

The test replays the run in numpy: the same data and the same shuffles (drawn from the same seed),
its own gradients, its own Hessian eigenvalues and eigenvectors (numpy.linalg.eigh), its own
least-squares minimum, its own product of step matrices. The demo's verdicts and sentences must
follow from those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from dltutor.demos import backend as B
from dltutor.demos import gradient_descent as gd
from dltutor.demos.registry import find_demo

LABEL = {"batch": "batch GD", "sgd": "SGD", "minibatch": "mini-batch"}


@dataclass
class Replay:
    X: np.ndarray
    y: np.ndarray
    L: float
    eigenvalues: np.ndarray
    top: np.ndarray
    w_star: np.ndarray | None
    start: float
    traces: dict[str, list[float]]
    blown: dict[str, int | None]
    growth: dict[str, float]  # ‖product of I − λH_B‖₂ (regression)
    top_errors: list[float]  # batch GD's error along the top eigenvector, per epoch (regression)
    weights: dict[str, np.ndarray]


def loss(w, X, y, data):
    z = X @ w
    if data == "regression":
        return float(np.mean((z - y) ** 2))
    p = np.clip(1 / (1 + np.exp(-z)), 1e-15, 1 - 1e-15)
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))


def gradient(w, X, y, data):
    z = X @ w
    if data == "regression":
        return 2 * X.T @ (z - y) / len(y)
    return X.T @ (1 / (1 + np.exp(-z)) - y) / len(y)


def replay(data="regression", points=64, lr=0.5, epochs=30, batch_size=8, noise=0.3, seed=0) -> Replay:
    gen = B.generator(seed)
    Xt, yt = gd.make_data(data, points, noise, gen)  # the data, and below the shuffles, from the seed
    X, y = np.array(B.rows(Xt)), np.array(B.floats(yt))
    n, d = X.shape
    if data == "regression":
        H = 2 * X.T @ X / n
        L = np.linalg.eigvalsh(H)[-1]
        eigenvalues, vectors = np.linalg.eigh(H)
        w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    else:  # cross-entropy: H ⪯ XᵀX/(4n) at every w
        L = np.linalg.eigvalsh(X.T @ X / (4 * n))[-1]
        eigenvalues, vectors, w_star = None, np.zeros((d, d)), None
    start = loss(np.zeros(d), X, y, data)
    sizes = {"batch": n, "sgd": 1, "minibatch": min(batch_size, n)}
    w = {m: np.zeros(d) for m in sizes}
    P = {m: np.eye(d) for m in sizes}
    scale = {m: 0.0 for m in sizes}
    traces = {m: [start] for m in sizes}
    blown = {m: None for m in sizes}
    top_errors = [float(vectors[:, -1] @ (w["batch"] - w_star))] if w_star is not None else []
    for epoch in range(1, epochs + 1):
        order = B.permutation(n, gen)
        for m, size in sizes.items():
            if blown[m] is not None:
                traces[m].append(np.inf)
                continue
            for i in range(0, n, size):
                idx = list(range(n)) if m == "batch" else order[i:i + size]
                w[m] = w[m] - lr * gradient(w[m], X[idx], y[idx], data)
                if data == "regression":
                    P[m] = (np.eye(d) - lr * 2 * X[idx].T @ X[idx] / len(idx)) @ P[m]
                    big = np.abs(P[m]).max()
                    if big > 1e50 or 0 < big < 1e-50:
                        P[m], scale[m] = P[m] / big, scale[m] + np.log(big)
            value = loss(w[m], X, y, data)
            if not np.isfinite(value) or value > 1e6 * start:
                blown[m] = epoch
                traces[m].append(np.inf)
            else:
                traces[m].append(value)
                if m == "batch" and w_star is not None:
                    top_errors.append(float(vectors[:, -1] @ (w[m] - w_star)))
    growth = {m: scale[m] + np.log(np.linalg.norm(P[m], 2)) for m in sizes} if data == "regression" else {}
    return Replay(X, y, float(L), eigenvalues, vectors[:, -1], w_star, start, traces, blown, growth, top_errors, w)


def final_frame(**options):
    return list(gd.run(**options))[-1]


def rises(trace):
    finite = [v for v in trace if np.isfinite(v)]
    return sum(b > a for a, b in zip(finite, finite[1:]))


def expected_diverged(r: Replay, data: str, lr: float) -> dict[str, bool]:
    if data != "regression":
        return {m: r.blown[m] is not None for m in r.traces}
    # Batch GD on the quadratic: the error along the top eigenvector is multiplied by 1 − λL per step.
    out = {"batch": bool(abs(1 - lr * r.L) > 1 or r.blown["batch"] is not None)}
    out |= {m: bool(r.blown[m] is not None or r.growth[m] > 0) for m in ("sgd", "minibatch")}
    return out


RUNS = [dict(), dict(lr=1.0), dict(lr=0.999), dict(lr=1.1), dict(lr=0.6), dict(lr=50.0), dict(batch_size=16, seed=2),
        dict(batch_size=64), dict(data="classification"), dict(data="classification", lr=20.0),
        dict(data="classification", lr=3.0, batch_size=1)]


@pytest.mark.parametrize("options", RUNS, ids=lambda o: " ".join(f"{k}={v}" for k, v in o.items()) or "defaults")
def test_every_verdict_and_loss_is_what_the_replay_finds(options):
    data, lr = options.get("data", "regression"), options.get("lr", 0.5)
    r = replay(**options)
    final = final_frame(**options)
    s = final.summary
    assert s["L"] == pytest.approx(r.L, rel=1e-12) and s["stability_limit"] == pytest.approx(2 / r.L, rel=1e-12)
    assert s["start_loss"] == pytest.approx(r.start, rel=1e-12)
    diverged = expected_diverged(r, data, lr)
    for m, got in s["methods"].items():
        assert got["diverged"] is diverged[m], m
        assert got["blew_up_in_epoch"] == r.blown[m], m
        ours = r.traces[m]
        if np.isfinite(ours[-1]):
            assert got["final_loss"] == pytest.approx(ours[-1], rel=1e-6), m
            assert got["loss_after_epoch_1"] == pytest.approx(ours[1], rel=1e-6), m
        else:
            assert got["final_loss"] == np.inf, m
        assert got["loss_rises"] == rises(ours), m
        if data == "regression":
            assert np.log(got["error_growth"]) == pytest.approx(r.growth[m], rel=1e-6, abs=1e-6), m
    text = final.text
    n = len(r.y)
    for m in ("batch", "sgd", "minibatch"):
        label = LABEL[m][0].upper() + LABEL[m][1:]
        if data == "regression":  # a mini-batch of all n examples is batch GD, and said once
            assert (f"{label} diverges" in text) == (diverged[m] and (m == "batch" or s["methods"][m]["batch_size"] < n))
        else:
            assert (f"{label}'s loss blew up" in text) == (r.blown[m] is not None)
            assert f"{label} diverges" not in text


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_limit_is_two_over_the_top_hessian_eigenvalue(seed):
    r = replay(seed=seed, epochs=1)
    s = final_frame(seed=seed, epochs=1).summary
    assert s["stability_limit"] == pytest.approx(2 / np.linalg.eigvalsh(2 * r.X.T @ r.X / len(r.X))[-1])
    # One example's Hessian is 2xxᵀ, with top eigenvalue 2‖x‖².
    assert s["sgd_limit"] == pytest.approx(2 / (2 * (r.X * r.X).sum(1).max()))


def test_at_lr_1_batch_gd_diverges_though_its_loss_is_still_below_the_start():
    r = replay(lr=1.0)
    assert 2 / r.L < 1.0  # past the limit, 0.9994
    assert r.traces["batch"][-1] < r.start  # the old "final loss > start" rule said it had not diverged
    factor = abs(1 - 1.0 * r.L)
    growth = abs(r.top_errors[-1] / r.top_errors[0])
    assert growth == pytest.approx(factor ** 30, rel=1e-6) and growth > 1
    final = final_frame(lr=1.0)
    assert final.summary["methods"]["batch"]["diverged"] is True
    assert final.summary["top_error_growth"] == pytest.approx(growth, rel=1e-9)
    assert final.summary["top_factor"] == pytest.approx(factor, rel=1e-12)
    text = final.text
    assert "Batch GD diverges" in text and f"grew ×{growth:.4g} in 30 steps" in text
    assert f"is below its start ({r.start:.3g})" in text and "grow without bound" in text


@pytest.mark.parametrize("options", RUNS, ids=lambda o: " ".join(f"{k}={v}" for k, v in o.items()) or "defaults")
def test_a_faster_start_is_claimed_only_when_the_numbers_show_it(options):
    r = replay(**options)
    data, lr = options.get("data", "regression"), options.get("lr", 0.5)
    diverged = expected_diverged(r, data, lr)
    n = len(r.y)
    sizes = {"batch": n, "sgd": 1, "minibatch": min(options.get("batch_size", 8), n)}
    more = [m for m in ("sgd", "minibatch") if not diverged[m] and sizes[m] < n]
    text = final_frame(**options).text
    faster = [m for m in more if r.traces[m][1] < r.traces["batch"][1]]
    claims = "More updates per epoch made a faster start here"
    denies = "More updates per epoch did not make a faster start here"
    mixed = "more updates per epoch do not always make a faster start"
    if diverged["batch"] or not more:
        assert claims not in text and denies not in text and mixed not in text
    else:
        assert (claims in text) == (len(faster) == len(more))
        assert (denies in text) == (not faster)
        assert (mixed in text) == (0 < len(faster) < len(more))


def test_the_runs_named_in_the_issue_do_not_claim_a_faster_start():
    for options in (dict(lr=0.999), dict(data="classification", lr=20.0)):
        r = replay(**options)
        assert r.traces["minibatch" if "data" not in options else "sgd"][1] > r.traces["batch"][1]
        assert "made a faster start" not in final_frame(**options).text


@pytest.mark.parametrize("options", [dict(), dict(lr=0.999), dict(data="classification", lr=20.0)])
def test_the_noise_sentence_counts_the_epochs_the_loss_rose(options):
    r = replay(**options)
    text = final_frame(**options).text
    data, lr = options.get("data", "regression"), options.get("lr", 0.5)
    kept = [m for m, d in expected_diverged(r, data, lr).items() if not d]
    counts = ", ".join(f"{LABEL[m]} {rises(r.traces[m])}" for m in ("sgd", "minibatch", "batch") if m in kept)
    assert f"epochs of 30 with the loss rising: {counts}." in text
    assert "wobbles" not in text


@pytest.mark.parametrize("seed", [0, 1])
def test_the_sweep_follows_one_minus_lambda_L(seed):
    r = replay(seed=seed, epochs=60)
    s = final_frame(seed=seed, epochs=60).summary
    for entry, f in zip(s["sweep"], (0.5, 0.9, 1.1)):
        rate = f * 2 / r.L
        factor = abs(1 - rate * r.L)
        assert entry["lr"] == pytest.approx(rate) and entry["top_factor"] == pytest.approx(factor, abs=1e-12)
        assert entry["diverged"] is (factor > 1)
        w = np.zeros(r.X.shape[1])
        for _ in range(60):
            w = w - rate * gradient(w, r.X, r.y, "regression")
        ours = loss(w, r.X, r.y, "regression")
        if ours > 1e6 * r.start:
            assert entry["final_loss"] == np.inf
        else:
            assert entry["final_loss"] == pytest.approx(ours, rel=1e-6)
    assert [e["diverged"] for e in s["sweep"]] == [False, False, True]


def test_cross_entropy_never_passes_L_and_descends_below_2_over_L():
    r = replay(data="classification")
    gen = np.random.default_rng(0)
    for _ in range(50):  # the Hessian Xᵀ diag(σ(1 − σ)) X / n at random w stays below the bound L
        w = gen.normal(size=r.X.shape[1]) * 3
        p = 1 / (1 + np.exp(-r.X @ w))
        H = r.X.T @ (r.X * (p * (1 - p))[:, None]) / len(r.X)
        assert np.linalg.eigvalsh(H)[-1] <= r.L * (1 + 1e-12)
    assert rises(r.traces["batch"]) == 0
    text = final_frame(data="classification").text
    assert f"below 2/L = {2 / r.L:.4g} every batch GD step lowers the loss" in text
    assert "Batch GD's loss fell in each of the 30 epochs." in text
    assert "not a quadratic" in text and "safe rate, not a sharp limit" in text


def test_the_limit_is_said_to_hold_for_the_quadratic_and_lambda_is_only_the_rate():
    info = find_demo("gd")
    assert "quadratic" in info.summary
    assert all("lambda_{\\max}" not in f and "λ_max" not in f for f in info.own_formulas)
    assert "quadratic" in info.own_formulas[0]
    for options in (dict(), dict(data="classification"), dict(lr=1.0)):
        text = final_frame(**options).text
        assert "λ_max" not in text and "λmax" not in text
    assert "a quadratic in w" in final_frame().text


def test_a_blown_up_loss_is_infinite_in_frames_and_null_in_json():
    frames = list(gd.run(lr=50, epochs=40))
    s = frames[-1].summary
    assert all(m["diverged"] and m["blew_up_in_epoch"] is not None for m in s["methods"].values())
    d = frames[-1].to_dict()["summary"]
    assert d["methods"]["sgd"]["final_loss"] is None
