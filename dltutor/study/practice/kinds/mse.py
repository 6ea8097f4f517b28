"""Mean squared error over a few examples: the mean of (tᵢ − yᵢ)² (Lecture 5's MSE(t, y) = (t − y)²)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, grid, num, terms, vec

NAME = "mse"
LECTURE = "lecture-5"
SUMMARY = "the mean squared error of a few predictions"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    n = rng.choice((2, 3, 4))
    return {"y": [rng.choice(grid(-1, 2, 0.1)) for _ in range(n)],
            "t": [rng.choice(grid(-1, 2, 0.5)) for _ in range(n)]}


def answer(p: dict) -> float:
    return sum((t - y) ** 2 for t, y in zip(p["t"], p["y"])) / len(p["t"])


def sound(p: dict) -> bool:
    return sum(abs(t - y) > 0.05 for t, y in zip(p["t"], p["y"])) >= 2


def question(p: dict) -> str:
    return (f"A network predicts y = {vec(p['y'])} for {len(p['y'])} examples whose targets are t = {vec(p['t'])}. "
            "What is the mean squared error, the mean over the examples of (tᵢ − yᵢ)²?")


def solution(p: dict) -> list[str]:
    diffs = [t - y for t, y in zip(p["t"], p["y"])]
    squares = [d * d for d in diffs]
    n = len(diffs)
    return [
        "MSE(t, y) = (t − y)² for one example (Lecture 5); over n examples, MSE = (1/n) Σᵢ (tᵢ − yᵢ)²",
        f"tᵢ − yᵢ = {vec(diffs)}",
        f"(tᵢ − yᵢ)² = {vec(squares)}",
        f"Σᵢ (tᵢ − yᵢ)² = {terms(squares)} {eq(sum(squares))}",
        f"MSE = {num(sum(squares))}/{n} {eq(sum(squares) / n)}",
    ]


def slips(p: dict) -> list[Slip]:
    diffs = [t - y for t, y in zip(p["t"], p["y"])]
    n = len(diffs)
    return [
        Slip("That is the sum of the squared errors; the mean divides it by the number of examples.",
             sum(d * d for d in diffs)),
        Slip("It looks like you left out the square: MSE averages (tᵢ − yᵢ)², not |tᵢ − yᵢ|.",
             sum(abs(d) for d in diffs) / n),
        Slip("It looks like you squared the mean error; MSE is the mean of the squared errors.",
             (sum(diffs) / n) ** 2),
        Slip("It looks like you halved it, as in ½(t − y)²; the course's MSE is (t − y)², with no ½.",
             sum(d * d for d in diffs) / n / 2),
    ]
