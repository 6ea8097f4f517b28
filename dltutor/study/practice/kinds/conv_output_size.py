"""The output size of a convolution layer: W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1 (Lecture 6)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, num

NAME = "conv-output-size"
LECTURE = "lecture-6"
SUMMARY = "a convolution layer's output width W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1"
TOLERANCE = 0.0
WIDTHS = (5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 24, 25, 27, 28, 31, 32, 33, 37, 48, 55, 56, 63,
          64, 100, 112, 128, 224, 227)


def draw(rng: random.Random) -> dict:
    f = rng.choice((1, 2, 3, 3, 3, 4, 5, 5, 7, 11))
    return {"w1": rng.choice(WIDTHS), "f": f, "p": rng.randint(0, f // 2 + 1), "s": rng.choice((1, 1, 2, 2, 3, 4, 5))}


def sound(p: dict) -> bool:
    return p["w1"] + 2 * p["p"] >= p["f"]  # the filter fits the padded input at least once


def answer(p: dict) -> int:
    return (p["w1"] - p["f"] + 2 * p["p"]) // p["s"] + 1


def question(p: dict) -> str:
    return (f"A convolution layer reads an input W₁ = {p['w1']} wide with a filter F = {p['f']} wide, padding "
            f"P = {p['p']} on each side and stride S = {p['s']}. How wide is its output, W₂?")


def solution(p: dict) -> list[str]:
    w1, f, pad, s = p["w1"], p["f"], p["p"], p["s"]
    span = w1 - f + 2 * pad
    lines = [
        "Output size (Lecture 6): W₂ = (W₁ − F + 2P)/S + 1, rounded down where S does not divide W₁ − F + 2P "
        "(the filter only takes positions inside the padded input): W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1",
        f"W₂ = ⌊({w1} − {f} + 2·{pad})/{s}⌋ + 1 = ⌊{span}/{s}⌋ + 1",
    ]
    if span % s:
        lines.append(f"{span}/{s} = {num(span / s)}, rounded down to {span // s}")
    lines.append(f"W₂ = {span // s} + 1 = {span // s + 1}")
    return lines


def slips(p: dict) -> list[Slip]:
    w1, f, pad, s = p["w1"], p["f"], p["p"], p["s"]
    span = w1 - f + 2 * pad
    return [
        Slip("It looks like you forgot the floor: (W₁ − F + 2P)/S is rounded down, since the filter takes no "
             "position past the edge.", span / s + 1, within=0.01),
        Slip("It looks like you rounded up; the last partial window does not count, so round (W₁ − F + 2P)/S down.",
             -(-span // s) + 1),
        Slip("It looks like you left out the + 1: W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1 counts the first position too.",
             span // s),
        Slip("It looks like you added the padding once; it is on both sides, so the formula has 2P.",
             (w1 - f + pad) // s + 1),
        Slip("It looks like you left out the padding P.", (w1 - f) // s + 1),
        Slip("It looks like you did not divide by the stride S.", span + 1),
    ]
