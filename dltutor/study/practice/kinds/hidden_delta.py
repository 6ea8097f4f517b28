"""A hidden delta of a 2-2-1 sigmoid network: δ₁ = h₁(1 − h₁)·w(y←h₁)·δₒ, with δₒ = −2(t − y)·y(1 − y) (Lecture 5)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num, rel

NAME = "hidden-delta"
LECTURE = "lecture-5"
SUMMARY = "a hidden unit's delta in a 2-2-1 sigmoid network, backpropagated from the output"
TOLERANCE = 0.0005


def draw(rng: random.Random) -> dict:
    return {"h1": rng.choice(grid(0.1, 0.9, 0.05)), "w": rng.choice(grid(-1.5, 1.5, 0.1, skip=[0])),
            "y": rng.choice(grid(0.1, 0.9, 0.01)), "t": rng.choice((0, 1))}


def output_delta(p: dict) -> float:
    return -2 * (p["t"] - p["y"]) * p["y"] * (1 - p["y"])


def answer(p: dict) -> float:
    return p["h1"] * (1 - p["h1"]) * p["w"] * output_delta(p)


def sound(p: dict) -> bool:
    return abs(answer(p)) >= 0.005


def question(p: dict) -> str:
    return (f"A 2-2-1 network of sigmoid units is trained with the loss (t − y)². On one example hidden unit 1 "
            f"outputs h₁ = {num(p['h1'])}, the output unit gives y = {num(p['y'])} with target t = {p['t']}, and "
            f"the weight from h₁ to the output is w = {num(p['w'])}. What is hidden unit 1's delta "
            "δ₁ = ∂loss/∂z₁, where z₁ is its weighted input (h₁ = σ(z₁))?")


def solution(p: dict) -> list[str]:
    h, w, y, t = p["h1"], p["w"], p["y"], p["t"]
    d_out = -2 * (t - y) * (y * (1 - y))
    back = w * d_out
    slope = h * (1 - h)
    return [
        f"The output delta first: δₒ = −2(t − y)·y(1 − y) = −2·({t} − {num(y)})·{num(y)}·{num(1 - y)} {eq(d_out)}",
        "Backpropagation (Lecture 5): δ₁ = σ′(z₁)·w·δₒ = h₁(1 − h₁)·w·δₒ",
        f"h₁(1 − h₁) = {num(h)}·{num(1 - h)} {eq(slope)}",
        f"w·δₒ {rel(d_out)} {factor(w)}·{factor(d_out)} {eq(back)}",
        f"δ₁ {rel(slope, back)} {num(slope)}·{factor(back)} {eq(slope * back)}",
    ]


def slips(p: dict) -> list[Slip]:
    h, w = p["h1"], p["w"]
    d_out = output_delta(p)
    return [
        Slip("It looks like you left out the hidden unit's derivative h₁(1 − h₁): δ₁ = h₁(1 − h₁)·w·δₒ.", w * d_out),
        Slip("It looks like you used the hidden unit's output h₁, not its derivative h₁(1 − h₁).", h * w * d_out),
        Slip("It looks like δₒ is missing its sigmoid derivative: δₒ = −2(t − y)·y(1 − y).",
             h * (1 - h) * w * -2 * (p["t"] - p["y"])),
        Slip("It looks like you dropped the 2 in δₒ: d/dy (t − y)² = −2(t − y).", h * (1 - h) * w * d_out / 2),
    ]
