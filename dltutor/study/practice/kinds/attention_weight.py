"""One scaled dot-product attention weight: αⱼ = softmax(q·kⱼ/√d)ⱼ (Lecture 9)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, dot_terms, eq, num, rel, terms, vec

NAME = "attention-weight"
LECTURE = "lecture-9"
SUMMARY = "one weight of scaled dot-product attention, softmax(q·kⱼ/√d)"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...
ORDINAL = ("first", "second", "third", "fourth")


def draw(rng: random.Random) -> dict:
    d = rng.choice((2, 4, 4))
    n = rng.choice((3, 3, 4))
    vals = (-2, -1, -1, 0, 1, 1, 2)
    return {"q": [float(rng.choice(vals)) for _ in range(d)],
            "keys": [[float(rng.choice(vals)) for _ in range(d)] for _ in range(n)], "j": rng.randrange(n)}


def scores(p: dict) -> list[float]:
    d = len(p["q"])
    return [sum(a * b for a, b in zip(p["q"], k)) / math.sqrt(d) for k in p["keys"]]


def _softmax(values: list[float]) -> list[float]:
    m = max(values)
    e = [math.exp(v - m) for v in values]
    return [v / sum(e) for v in e]


def answer(p: dict) -> float:
    return _softmax(scores(p))[p["j"]]


def sound(p: dict) -> bool:
    return len(set(scores(p))) > 1 and any(p["q"]) and answer(p) >= 0.05  # not a weight that rounds to 0


def question(p: dict) -> str:
    keys = ", ".join(f"k{'₁₂₃₄'[i]} = {vec(k)}" for i, k in enumerate(p["keys"]))
    j = p["j"]
    return (f"In scaled dot-product attention, the query q = {vec(p['q'])} (d = {len(p['q'])}) attends to the keys "
            f"{keys}. The weights are softmax(q·kⱼ/√d) over the keys. What weight does the query give the "
            f"{ORDINAL[j]} key, k{'₁₂₃₄'[j]}?")


def solution(p: dict) -> list[str]:
    d = len(p["q"])
    dots = [sum(a * b for a, b in zip(p["q"], k)) for k in p["keys"]]
    scaled = [v / math.sqrt(d) for v in dots]
    e = [math.exp(v - max(scaled)) for v in scaled]
    j = p["j"]
    lines = ["Attention (Lecture 9) compares the query with each key: score sⱼ = q·kⱼ/√d, weights = softmax(s)"]
    for i, (k, dot) in enumerate(zip(p["keys"], dots)):
        lines.append(f"q·k{'₁₂₃₄'[i]} = {dot_terms(p['q'], k)} {eq(dot)}")
    lines.append(f"√d = √{d} {eq(math.sqrt(d))}; s {eq(tuple(scaled))}")
    lines.append(f"softmax: e^(sᵢ − max s) {eq(tuple(e))}; their sum {rel(*e)} {terms(e)} {eq(sum(e))}")
    lines.append(f"α{'₁₂₃₄'[j]} {rel(e[j], sum(e))} {num(e[j])}/{num(sum(e))} {eq(e[j] / sum(e))}")
    return lines


def slips(p: dict) -> list[Slip]:
    d = len(p["q"])
    j = p["j"]
    dots = [sum(a * b for a, b in zip(p["q"], k)) for k in p["keys"]]
    return [
        Slip("It looks like you left out the scaling: the scores are q·kⱼ/√d, not q·kⱼ.", _softmax(dots)[j]),
        Slip("It looks like you divided by d instead of √d.", _softmax([v / d for v in dots])[j]),
        Slip("That is the score q·kⱼ/√d before the softmax; the weight is its softmax over all the keys.",
             scores(p)[j]),
    ]
