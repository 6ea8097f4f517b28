"""One gradient-descent step on a linear neuron y = wx + b with loss (t − y)²: Δw = −λ ∂loss/∂w (Lecture 4)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num

NAME = "gd-step"
LECTURE = "lecture-4"
SUMMARY = "one gradient-descent step w ← w − λ ∂loss/∂w for a linear neuron"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    return {"x": rng.choice(grid(-2, 2, 0.5, skip=[0])), "t": rng.choice(grid(-2, 2, 0.5)),
            "w": rng.choice(grid(-1, 1, 0.1)), "b": rng.choice(grid(-1, 1, 0.1)),
            "lr": rng.choice((0.05, 0.1, 0.2))}


def gradients(p: dict) -> tuple[float, float]:
    y = p["w"] * p["x"] + p["b"]
    return -2 * (p["t"] - y) * p["x"], -2 * (p["t"] - y)  # ∂loss/∂w, ∂loss/∂b


def answer(p: dict) -> tuple:
    dw, db = gradients(p)
    return (p["w"] - p["lr"] * dw, p["b"] - p["lr"] * db)


def sound(p: dict) -> bool:
    return abs(p["t"] - (p["w"] * p["x"] + p["b"])) >= 0.2  # a step worth taking


def question(p: dict) -> str:
    return (f"A linear neuron y = wx + b has w = {num(p['w'])} and b = {num(p['b'])}. On the example x = "
            f"{num(p['x'])} with target t = {num(p['t'])} its loss is (t − y)². Take one gradient-descent step "
            f"with learning rate λ = {num(p['lr'])}. What are the new w and b, in that order?")


def solution(p: dict) -> list[str]:
    y = p["w"] * p["x"] + p["b"]
    error = p["t"] - y
    dw, db = -2 * error * p["x"], -2 * error
    w, b = p["w"] - p["lr"] * dw, p["b"] - p["lr"] * db
    return [
        f"Forward: y = wx + b = {factor(p['w'])}·{factor(p['x'])} + {factor(p['b'])} {eq(y)}",
        f"t − y = {num(p['t'])} − {factor(y)} {eq(error)}",
        "The chain rule on (t − y)²: ∂loss/∂w = −2(t − y)·x and ∂loss/∂b = −2(t − y)",
        f"∂loss/∂w = −2·{factor(error)}·{factor(p['x'])} {eq(dw)};  ∂loss/∂b = −2·{factor(error)} {eq(db)}",
        "The step (Lecture 4): Δw = −λ ∂loss/∂w, so w ← w − λ ∂loss/∂w",
        f"w ← {num(p['w'])} − {num(p['lr'])}·{factor(dw)} {eq(w)};  b ← {num(p['b'])} − {num(p['lr'])}·{factor(db)} "
        f"{eq(b)}",
        f"(w, b) {eq((w, b))}",
    ]


def slips(p: dict) -> list[Slip]:
    dw, db = gradients(p)
    lr = p["lr"]
    return [
        Slip("It looks like you stepped up the slope (w + λ ∂loss/∂w); descent moves against the gradient.",
             (p["w"] + lr * dw, p["b"] + lr * db)),
        Slip("It looks like you dropped the 2 from the derivative of the square: ∂(t − y)²/∂y = −2(t − y).",
             (p["w"] - lr * dw / 2, p["b"] - lr * db / 2)),
        Slip("It looks like you left out the learning rate λ.", (p["w"] - dw, p["b"] - db)),
        Slip("Those are the gradients ∂loss/∂w and ∂loss/∂b; the step is w ← w − λ ∂loss/∂w.", (dw, db)),
        Slip("It looks like you updated b with x in its gradient; ∂y/∂b = 1, so ∂loss/∂b = −2(t − y).",
             p["b"] - lr * dw, index=1),
    ]
