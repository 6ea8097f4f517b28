"""The sigmoid's derivative: σ′(z) = σ(z)(1 − σ(z)), with σ(z) = 1/(1 + e^(−z)) (Lecture 5)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num, rel, sigmoid

NAME = "sigmoid-derivative"
LECTURE = "lecture-5"
SUMMARY = "the sigmoid's derivative σ′(z) = σ(z)(1 − σ(z)) at a point"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    return {"z": rng.choice(grid(-4, 4, 0.1, skip=[0]))}


def answer(p: dict) -> float:
    s = sigmoid(p["z"])
    return s * (1 - s)


def question(p: dict) -> str:
    return (f"A logistic (sigmoid) unit has weighted input z = {num(p['z'])}. What is the derivative of its "
            "output with respect to z, dy/dz, where y = σ(z) = 1/(1 + e^(−z))?")


def solution(p: dict) -> list[str]:
    z = p["z"]
    s = sigmoid(z)
    return [
        "The sigmoid (Lecture 5): y = σ(z) = 1/(1 + e^(−z)); its derivative is σ′(z) = σ(z)(1 − σ(z))",
        f"σ({num(z)}) = 1/(1 + e^({num(-z)})) {eq(s)}",
        f"σ′({num(z)}) {rel(s)} {num(s)}·(1 − {num(s)}) {rel(s)} {num(s)}·{factor(1 - s)} {eq(s * (1 - s))}",
    ]


def slips(p: dict) -> list[Slip]:
    z = p["z"]
    s = sigmoid(z)
    return [
        Slip("It looks like you used the sigmoid's output σ(z), not its derivative σ(z)(1 − σ(z)).", s),
        Slip("It looks like you applied y(1 − y) to z itself; y in σ′ = y(1 − y) is σ(z), the output.", z * (1 - z)),
        Slip("It looks like you gave 1 − σ(z); the derivative is σ(z)(1 − σ(z)).", 1 - s),
        Slip("It looks like you used σ(z)(1 + σ(z)); the derivative is σ(z)(1 − σ(z)).", s * (1 + s)),
    ]
