"""A binary threshold unit's truth table: y = 1 if w₁x₁ + w₂x₂ + b > 0, else 0 (Lecture 2)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, factor, grid, num

NAME = "btu-gate"
LECTURE = "lecture-2"
SUMMARY = "a binary threshold unit's outputs on the four inputs of a logic gate"
TOLERANCE = 0.0
INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))
GATES = {(0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
         (0, 0, 1, 1): "x₁ (it ignores x₂)", (0, 1, 0, 1): "x₂ (it ignores x₁)",
         (1, 1, 0, 0): "NOT x₁", (1, 0, 1, 0): "NOT x₂", (0, 0, 0, 0): "a constant 0",
         (1, 1, 1, 1): "a constant 1", (0, 1, 0, 0): "x₂ AND NOT x₁", (0, 0, 1, 0): "x₁ AND NOT x₂",
         (1, 0, 1, 1): "x₁ OR NOT x₂", (1, 1, 0, 1): "x₂ OR NOT x₁"}


def draw(rng: random.Random) -> dict:
    return {"w1": rng.choice(grid(-1.5, 1.5, 0.5, skip=[0])), "w2": rng.choice(grid(-1.5, 1.5, 0.5, skip=[0])),
            "b": rng.choice(grid(-2, 1.5, 0.5))}


def z(p: dict, x1: int, x2: int) -> float:
    return p["w1"] * x1 + p["w2"] * x2 + p["b"]


def answer(p: dict) -> tuple:
    return tuple(1 if z(p, x1, x2) > 0 else 0 for x1, x2 in INPUTS)


def question(p: dict) -> str:
    return (f"A binary threshold unit has weights w₁ = {num(p['w1'])}, w₂ = {num(p['w2'])} and bias b = "
            f"{num(p['b'])}: it outputs y = 1 if z = w₁x₁ + w₂x₂ + b > 0, and y = 0 if z ≤ 0. "
            "What does it output for (x₁, x₂) = (0, 0), (0, 1), (1, 0) and (1, 1)?")


def solution(p: dict) -> list[str]:
    lines = ["The BTU (Lecture 2): y = 1 if z > 0, y = 0 if z ≤ 0, with z = w₁x₁ + w₂x₂ + b"]
    for x1, x2 in INPUTS:
        value = z(p, x1, x2)
        lines.append(f"({x1}, {x2}): z = {factor(p['w1'])}·{x1} + {factor(p['w2'])}·{x2} + {factor(p['b'])} = "
                     f"{num(value)} {'>' if value > 0 else '≤'} 0, so y = {1 if value > 0 else 0}")
    outputs = answer(p)
    lines.append(f"This unit computes {GATES[outputs]}.")
    lines.append(f"y = [{', '.join(map(str, outputs))}]")
    return lines


def slips(p: dict) -> list[Slip]:
    fires_at_zero = tuple(1 if z(p, x1, x2) >= 0 else 0 for x1, x2 in INPUTS)
    return [Slip("At z = 0 the unit does not fire: the BTU outputs 1 only when z > 0 (strictly).", fires_at_zero)]
