"""Binary cross-entropy: CE(y, t) = −t log(y) − (1 − t) log(1 − y), natural log, averaged (Lecture 5)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, eq, grid, num, rel, terms, vec

NAME = "cross-entropy"
LECTURE = "lecture-5"
SUMMARY = "the cross-entropy of a sigmoid output against a 0/1 target"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    n = rng.choice((1, 1, 2, 3))
    return {"y": [rng.choice(grid(0.05, 0.95, 0.05)) for _ in range(n)], "t": [rng.choice((0, 1)) for _ in range(n)]}


def ce(y: float, t: int) -> float:
    return -t * math.log(y) - (1 - t) * math.log(1 - y)


def answer(p: dict) -> float:
    return sum(ce(y, t) for y, t in zip(p["y"], p["t"])) / len(p["y"])


def question(p: dict) -> str:
    if len(p["y"]) == 1:
        return (f"A sigmoid output unit gives y = {num(p['y'][0])} for an example with target t = {p['t'][0]}. "
                "What is its cross-entropy loss CE(y, t) = −t log(y) − (1 − t) log(1 − y), with the natural log?")
    return (f"A sigmoid output unit gives y = {vec(p['y'])} for {len(p['y'])} examples with targets t = "
            f"{vec(p['t'])}. What is the mean cross-entropy loss, the mean of CE(y, t) = −t log(y) − (1 − t) "
            "log(1 − y) over the examples, with the natural log?")


def solution(p: dict) -> list[str]:
    lines = ["Cross-entropy (Lecture 5): CE(y, t) = −t log(y) − (1 − t) log(1 − y); log is the natural log, ln"]
    losses = []
    for y, t in zip(p["y"], p["t"]):
        loss = -math.log(y) if t == 1 else -math.log(1 - y)
        losses.append(loss)
        kept = f"−log({num(y)})" if t == 1 else f"−log(1 − {num(y)}) = −log({num(1 - y)})"
        lines.append(f"y = {num(y)}, t = {t}: the {'second' if t == 1 else 'first'} term is 0, so CE = {kept} "
                     f"{eq(loss)}")
    if len(losses) > 1:
        lines.append(f"Mean {rel(*losses)} ({terms(losses)})/{len(losses)} {eq(sum(losses) / len(losses))}")
    lines.append(f"CE {eq(sum(losses) / len(losses))}")
    return lines


def slips(p: dict) -> list[Slip]:
    pairs = list(zip(p["y"], p["t"]))
    n = len(pairs)
    out = [
        Slip("It looks like you used log₁₀; the course's log is the natural log ln.",
             sum(ce(y, t) for y, t in pairs) / n / math.log(10)),
        Slip("It looks like you swapped the terms: with t = 1 the loss is −log(y), with t = 0 it is −log(1 − y).",
             sum(ce(y, 1 - t) for y, t in pairs) / n),
    ]
    if n > 1:
        out.append(Slip("That is the sum over the examples; the question asks for the mean.",
                        sum(ce(y, t) for y, t in pairs)))
    return out
