"""One perceptron update: y = σ(Σⱼ wⱼxⱼ) with the BTU, then wᵢ ← wᵢ + λ(t − y)xᵢ (Lecture 3)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, dot_terms, eq, factor, grid, num, terms, vec

NAME = "perceptron-update"
LECTURE = "lecture-3"
SUMMARY = "one step of the perceptron learning rule Δwᵢ = λ(t − y)xᵢ"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    p = {"w": [rng.choice(grid(-1, 1, 0.1)) for _ in range(3)],
         "x": [1.0, rng.choice(grid(-2, 2, 0.5)), rng.choice(grid(-2, 2, 0.5))],
         "t": rng.choice((0, 1)),
         "lr": rng.choice((0.1, 0.2, 0.5, 1.0))}
    if rng.random() < 0.8:  # mostly an example the unit gets wrong, so that the rule has work to do
        p["t"] = 1 - output(p)
    return p


def output(p: dict) -> int:
    return 1 if sum(w * x for w, x in zip(p["w"], p["x"])) > 0 else 0


def answer(p: dict) -> tuple:
    error = p["t"] - output(p)
    return tuple(w + p["lr"] * error * x for w, x in zip(p["w"], p["x"]))


def question(p: dict) -> str:
    return (f"A perceptron has weights w = (w₀, w₁, w₂) = {vec(p['w'])}, where w₀ is the bias weight on a "
            f"constant input x₀ = 1. It sees the example x = (x₀, x₁, x₂) = {vec(p['x'])} with target t = {p['t']}; "
            f"its output is y = 1 if Σⱼ wⱼxⱼ > 0, else 0. The learning rate is λ = {num(p['lr'])}. "
            "What are the weights (w₀, w₁, w₂) after one update by the perceptron learning rule?")


def solution(p: dict) -> list[str]:
    s = sum(w * x for w, x in zip(p["w"], p["x"]))
    y = output(p)
    error = p["t"] - y
    delta = [p["lr"] * error * x for x in p["x"]]
    new = [w + d for w, d in zip(p["w"], delta)]
    lines = [
        "The output (Lecture 3): y = σ(Σⱼ wⱼxⱼ), with σ the threshold: 1 if the sum is > 0, else 0",
        f"Σⱼ wⱼxⱼ = {dot_terms(p['w'], p['x'])} = {terms([w * x for w, x in zip(p['w'], p['x'])])} {eq(s)}, "
        f"so y = {y}",
        f"The error: t − y = {p['t']} − {y} = {num(error)}",
    ]
    if error == 0:
        lines.append("The error is 0: the example is classified right, so Δw = 0 and the weights stay.")
    else:
        lines.append(f"The update: Δwᵢ = λ(t − y)xᵢ = {num(p['lr'])}·{factor(error)}·xᵢ, so Δw = "
                     f"[{', '.join(num(d) for d in delta)}]")
    lines.append(f"wᵢ ← wᵢ + Δwᵢ: w = {vec(p['w'])} + [{', '.join(num(d) for d in delta)}]")
    lines.append(f"w {eq(tuple(new))}")
    return lines


def slips(p: dict) -> list[Slip]:
    y = output(p)
    error = p["t"] - y
    step = [p["lr"] * error * x for x in p["x"]]
    out = [
        Slip("It looks like you used y − t; the rule is Δw = λ(t − y)x, so the sign is flipped.",
             tuple(w - d for w, d in zip(p["w"], step))),
        Slip("It looks like you left out the learning rate λ: Δw = λ(t − y)x.",
             tuple(w + error * x for w, x in zip(p["w"], p["x"]))),
        Slip("That is Δw, the change; the new weights are w + Δw.", tuple(step)),
    ]
    if error == 0:
        out.append(Slip("The example is already classified right (t − y = 0), so the weights do not change.",
                        tuple(w + p["lr"] * (1 - 2 * y) * x for w, x in zip(p["w"], p["x"]))))
    return out
