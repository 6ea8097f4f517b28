"""An L2-regularised loss: RegLoss(w) = Loss(w) + (γ/2) Σⱼ wⱼ² (Lecture 8)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, grid, num, rel, terms, vec

NAME = "l2-loss"
LECTURE = "lecture-8"
SUMMARY = "a loss with an L2 penalty, RegLoss = Loss + (γ/2) Σ wⱼ²"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    n = rng.choice((2, 3, 4))
    return {"loss": rng.choice(grid(0.05, 2, 0.05)), "w": [rng.choice(grid(-2, 2, 0.1, skip=[0])) for _ in range(n)],
            "gamma": rng.choice((0.01, 0.05, 0.1, 0.2, 0.5, 1.0))}


def answer(p: dict) -> float:
    return p["loss"] + p["gamma"] / 2 * sum(w * w for w in p["w"])


def question(p: dict) -> str:
    return (f"A network's loss on the training data is Loss(w) = {num(p['loss'])}, and its weights are w = "
            f"{vec(p['w'])}. With L2 regularisation of strength γ = {num(p['gamma'])}, what is the regularised "
            "loss RegLoss(w)?")


def solution(p: dict) -> list[str]:
    squares = [w * w for w in p["w"]]
    total = sum(squares)
    penalty = p["gamma"] / 2 * total
    return [
        "L2 regularisation (Lecture 8): RegLoss(w) = Loss(w) + (γ/2) Σⱼ wⱼ²",
        f"Σⱼ wⱼ² = {terms(squares)} {eq(total)}",
        f"(γ/2) Σⱼ wⱼ² {rel(total)} ({num(p['gamma'])}/2)·{num(total)} {eq(penalty)}",
        f"RegLoss {rel(penalty)} {num(p['loss'])} + {num(penalty)} {eq(p['loss'] + penalty)}",
    ]


def slips(p: dict) -> list[Slip]:
    w, g, loss = p["w"], p["gamma"], p["loss"]
    return [
        Slip("It looks like you left out the ½: the penalty is (γ/2) Σⱼ wⱼ².", loss + g * sum(x * x for x in w)),
        Slip("It looks like you used |wⱼ| (the L1 penalty); L2 squares the weights.",
             loss + g / 2 * sum(abs(x) for x in w)),
        Slip("That is the penalty alone; the regularised loss adds it to Loss(w).", g / 2 * sum(x * x for x in w)),
        Slip("It looks like you squared the sum of the weights; L2 sums their squares.", loss + g / 2 * sum(w) ** 2),
    ]
