"""The output delta of a sigmoid network with loss (t − y)²: δₒ = ∂loss/∂zₒ = −2(t − y)·y(1 − y) (Lecture 5)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num

NAME = "output-delta"
LECTURE = "lecture-5"
SUMMARY = "the output delta δₒ = ∂loss/∂zₒ of a 2-2-1 sigmoid network"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    return {"y": rng.choice(grid(0.1, 0.9, 0.01)), "t": rng.choice((0, 1))}


def answer(p: dict) -> float:
    y, t = p["y"], p["t"]
    return -2 * (t - y) * y * (1 - y)


def sound(p: dict) -> bool:
    return abs(answer(p)) >= 0.02


def question(p: dict) -> str:
    return (f"A 2-2-1 network of sigmoid units is trained with the loss (t − y)². On one example its output "
            f"unit gives y = {num(p['y'])}, and the target is t = {p['t']}. What is the output delta δₒ = "
            "∂loss/∂zₒ, where zₒ is the output unit's weighted input (y = σ(zₒ))?")


def solution(p: dict) -> list[str]:
    y, t = p["y"], p["t"]
    dloss = -2 * (t - y)
    slope = y * (1 - y)
    return [
        "The chain rule (Lecture 5): δₒ = ∂loss/∂zₒ = ∂loss/∂y · dy/dzₒ",
        f"∂loss/∂y = −2(t − y) = −2·({t} − {num(y)}) {eq(dloss)}",
        f"dy/dzₒ = σ′(zₒ) = y(1 − y) = {num(y)}·{num(1 - y)} {eq(slope)}",
        f"δₒ = {factor(dloss)}·{num(slope)} {eq(dloss * slope)}",
    ]


def slips(p: dict) -> list[Slip]:
    y, t = p["y"], p["t"]
    return [
        Slip("It looks like you left out the sigmoid's derivative y(1 − y): δₒ = −2(t − y)·y(1 − y).", -2 * (t - y)),
        Slip("It looks like you used the sigmoid's output y, not its derivative y(1 − y).", -2 * (t - y) * y),
        Slip("It looks like you dropped the 2: d/dy (t − y)² = −2(t − y).", -(t - y) * y * (1 - y)),
        Slip("The sign is flipped: d/dy (t − y)² = −2(t − y), so δₒ = −2(t − y)·y(1 − y).",
             2 * (t - y) * y * (1 - y)),
    ]
