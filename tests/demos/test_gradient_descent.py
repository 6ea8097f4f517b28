"""Gradient descent: the 2/L stability limit on a quadratic, and what the summary reports."""

from __future__ import annotations

import numpy as np
import pytest

from dltutor.demos import backend as B
from dltutor.demos import gradient_descent as gd


def summary(**options):
    return list(gd.run(**options))[-1].summary


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_limit_is_two_over_the_top_hessian_eigenvalue(seed):
    X, _ = gd.make_data("regression", 64, 0.3, B.generator(seed))
    Xn = np.array(B.rows(X))
    L = np.linalg.eigvalsh(2 * Xn.T @ Xn / len(Xn))[-1]
    s = summary(seed=seed)
    assert s["stability_limit"] == pytest.approx(2 / L)
    # One example's Hessian is 2xxᵀ, with top eigenvalue 2‖x‖².
    assert s["sgd_limit"] == pytest.approx(2 / (2 * (Xn * Xn).sum(1).max()))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_gd_converges_below_2_over_L_and_diverges_past_it(seed):
    limit = summary(seed=seed, epochs=1)["stability_limit"]
    below = summary(seed=seed, lr=0.95 * limit, epochs=60)
    above = summary(seed=seed, lr=1.05 * limit, epochs=60)
    assert below["methods"]["batch"]["diverged"] is False
    assert below["methods"]["batch"]["final_loss"] < 0.1 * below["start_loss"]
    assert above["methods"]["batch"]["diverged"] is True
    assert above["methods"]["batch"]["final_loss"] > above["start_loss"]
    sweep = below["sweep"]
    assert [round(r["lr"] / limit, 6) for r in sweep] == [0.5, 0.9, 1.1]
    assert [r["diverged"] for r in sweep] == [False, False, True]


def test_every_method_reports_final_loss_and_diverged():
    s = summary()
    assert set(s["methods"]) == {"batch", "sgd", "minibatch"}
    for m in s["methods"].values():
        assert set(m) >= {"final_loss", "diverged"}
        assert m["diverged"] is False and m["final_loss"] < s["start_loss"]


def test_a_blown_up_loss_is_infinite_in_frames_and_null_in_json():
    frames = list(gd.run(lr=50, epochs=40))
    s = frames[-1].summary
    assert all(m["diverged"] for m in s["methods"].values())
    d = frames[-1].to_dict()["summary"]
    assert d["methods"]["sgd"]["final_loss"] is None


def test_classification_runs_cross_entropy_and_stays_stable_below_the_bound():
    s = summary(data="classification")
    assert s["data"] == "classification"
    assert not any(m["diverged"] for m in s["methods"].values())
    assert s["methods"]["batch"]["final_loss"] < s["start_loss"]
