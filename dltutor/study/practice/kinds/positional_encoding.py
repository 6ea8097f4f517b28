"""A sinusoidal positional encoding: PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(...) (Lecture 9)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, eq, num, rel

NAME = "positional-encoding"
LECTURE = "lecture-9"
SUMMARY = "one value of the Transformer's sinusoidal positional encoding"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    d = rng.choice((4, 6, 8, 16))
    return {"pos": rng.randint(1, 50), "dim": rng.randrange(min(d, 6)), "d": d}


def angle(p: dict) -> float:
    i = p["dim"] // 2
    return p["pos"] / 10000 ** (2 * i / p["d"])


def answer(p: dict) -> float:
    return math.sin(angle(p)) if p["dim"] % 2 == 0 else math.cos(angle(p))


def question(p: dict) -> str:
    return (f"A Transformer with model width d = {p['d']} uses the sinusoidal positional encoding "
            "PE(pos, 2i) = sin(pos/10000^(2i/d)) and PE(pos, 2i+1) = cos(pos/10000^(2i/d)), angles in radians. "
            f"What is PE(pos = {p['pos']}, dimension {p['dim']}) (dimensions counted from 0)?")


def solution(p: dict) -> list[str]:
    dim, d, pos = p["dim"], p["d"], p["pos"]
    i = dim // 2
    scale = 10000 ** (2 * i / d)
    a = pos / scale
    fn = "sin" if dim % 2 == 0 else "cos"
    return [
        "Positional encoding (Lecture 9): even dimensions 2i take sin, odd ones 2i + 1 take cos, both of "
        "pos/10000^(2i/d)",
        f"Dimension {dim} is {'even' if dim % 2 == 0 else 'odd'}: {dim} = {'2i' if dim % 2 == 0 else '2i + 1'} with "
        f"i = {i}, so it takes {fn}",
        f"10000^(2·{i}/{d}) {eq(scale)}; angle {rel(scale)} {pos}/{num(scale)} {eq(a)} radians",
        f"PE {rel(a)} {fn}({num(a)}) {eq(math.sin(a) if fn == 'sin' else math.cos(a))}",
    ]


def slips(p: dict) -> list[Slip]:
    a = angle(p)
    even = p["dim"] % 2 == 0
    wrong_i = p["pos"] / 10000 ** (2 * p["dim"] / p["d"])
    odd_exponent = p["pos"] / 10000 ** (p["dim"] / p["d"])
    return [
        Slip(f"It looks like you used {'cos' if even else 'sin'}; even dimensions take sin and odd ones cos.",
             math.cos(a) if even else math.sin(a)),
        Slip("It looks like your calculator was in degrees; the angle is in radians.",
             math.sin(math.radians(a)) if even else math.cos(math.radians(a))),
        Slip("It looks like you used the dimension itself as i; dimension 2i and 2i + 1 share i, the pair's index.",
             math.sin(wrong_i) if even else math.cos(wrong_i)),
        *([] if even else [Slip("It looks like you put the odd dimension in the exponent; dimension 2i + 1 uses "
                                "10000^(2i/d), the same as its even partner 2i.", math.cos(odd_exponent))]),
    ]
