"""A numerically stable softmax: softmax(z)ᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m), m = max z (Lecture 4)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, eq, grid, num, rel, terms, vec

NAME = "softmax"
LECTURE = "lecture-4"
SUMMARY = "a numerically stable softmax of a few logits"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    n = rng.choice((3, 3, 4))
    z = [rng.choice(grid(-3, 3, 0.5)) for _ in range(n)]
    if rng.random() < 0.3:  # logits a calculator cannot exponentiate directly: e^1000 overflows
        base = rng.choice((100, 500, 1000))
        z = [base + v for v in z]
    return {"z": [float(v) for v in z]}


def answer(p: dict) -> tuple:
    m = max(p["z"])
    e = [math.exp(v - m) for v in p["z"]]
    total = sum(e)
    return tuple(v / total for v in e)


def sound(p: dict) -> bool:
    return len(set(p["z"])) > 1  # not all equal: that answer needs no work


def question(p: dict) -> str:
    big = max(p["z"]) > 50
    return (f"What is softmax(z) for the logits z = {vec(p['z'])}?"
            + (" (e^z of these overflows a calculator: subtract the largest logit first, which does not change "
               "the result.)" if big else ""))


def solution(p: dict) -> list[str]:
    m = max(p["z"])
    shifted = [v - m for v in p["z"]]
    e = [math.exp(v) for v in shifted]
    total = sum(e)
    return [
        "softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) (Lecture 4), computed stably as e^(zᵢ − m) / Σⱼ e^(zⱼ − m) with m = max z",
        f"m = {num(m)}; z − m = {vec(shifted)}",
        f"e^(z − m) {eq(tuple(e))}",
        f"Σⱼ e^(zⱼ − m) {rel(*e)} {terms(e)} {eq(total)}",
        f"softmax(z) {eq(tuple(v / total for v in e))}",
    ]


def slips(p: dict) -> list[Slip]:
    z = p["z"]
    m = max(z)
    e = tuple(math.exp(v - m) for v in z)
    out = [Slip("Those are e^(zᵢ − m) before dividing by their sum; softmax divides each by Σⱼ e^(zⱼ − m).", e)]
    if sum(z) != 0:
        out.append(Slip("It looks like you divided the logits by their sum; softmax divides e^(zᵢ) by Σⱼ e^(zⱼ).",
                        tuple(v / sum(z) for v in z)))
    out.append(Slip("Softmax outputs are probabilities: each between 0 and 1, and they sum to 1. Yours do not.",
                    test=not_probabilities))
    return out


def not_probabilities(got: tuple[float, ...]) -> bool:
    return min(got) < 0 or abs(sum(got) - 1) > 0.01 * len(got)  # rounding each to 0.001 stays well inside
