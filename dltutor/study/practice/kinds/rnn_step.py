"""One step of a simple RNN: sₜ = f(U xₜ + W sₜ₋₁) with f = tanh, a 2-unit state and one input (Lecture 7)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num, vec

NAME = "rnn-step"
LECTURE = "lecture-7"
SUMMARY = "one step of a recurrent network's hidden state sₜ = tanh(U xₜ + W sₜ₋₁)"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    weights = grid(-1, 1, 0.1)
    return {"x": rng.choice(grid(-2, 2, 0.5, skip=[0])), "s_prev": [rng.choice(grid(-1, 1, 0.1)) for _ in range(2)],
            "U": [rng.choice(weights) for _ in range(2)],
            "W": [[rng.choice(weights) for _ in range(2)] for _ in range(2)]}


def pre_activation(p: dict) -> list[float]:
    return [u * p["x"] + sum(w * s for w, s in zip(row, p["s_prev"])) for u, row in zip(p["U"], p["W"])]


def answer(p: dict) -> tuple:
    return tuple(math.tanh(a) for a in pre_activation(p))


def sound(p: dict) -> bool:
    a = pre_activation(p)
    return any(w != 0 for row in p["W"] for w in row) and any(s != 0 for s in p["s_prev"]) and max(map(abs, a)) <= 2.5


def question(p: dict) -> str:
    (w11, w12), (w21, w22) = p["W"]
    return (f"A recurrent network has a 2-unit hidden state and one input. Its weights are U = {vec(p['U'])} "
            f"(input to each unit) and W = [[{num(w11)}, {num(w12)}], [{num(w21)}, {num(w22)}]] (state to state, "
            f"row i feeding unit i). The previous state is sₜ₋₁ = {vec(p['s_prev'])} and the input is xₜ = "
            f"{num(p['x'])}. What is the new state sₜ = tanh(U xₜ + W sₜ₋₁)?")


def solution(p: dict) -> list[str]:
    lines = ["The hidden state (Lecture 7): sₜ = f(U xₜ + W sₜ₋₁), here with f = tanh"]
    a = []
    for i, (u, row) in enumerate(zip(p["U"], p["W"]), start=1):
        value = u * p["x"] + sum(w * s for w, s in zip(row, p["s_prev"]))
        a.append(value)
        lines.append(f"Unit {i}: {factor(u)}·{factor(p['x'])} + {factor(row[0])}·{factor(p['s_prev'][0])} + "
                     f"{factor(row[1])}·{factor(p['s_prev'][1])} {eq(value)}")
    out = tuple(math.tanh(v) for v in a)
    lines.append(f"sₜ = tanh({vec(a)})")
    lines.append(f"sₜ {eq(out)}")
    return lines


def slips(p: dict) -> list[Slip]:
    a = pre_activation(p)
    transposed = [u * p["x"] + sum(p["W"][j][i] * p["s_prev"][j] for j in range(2)) for i, u in enumerate(p["U"])]
    return [
        Slip("That is U xₜ + W sₜ₋₁ before the activation; the state is f of it, with f = tanh.", tuple(a)),
        Slip("It looks like you left out the previous state: sₜ = tanh(U xₜ + W sₜ₋₁).",
             tuple(math.tanh(u * p["x"]) for u in p["U"])),
        Slip("It looks like you multiplied by the transpose of W: unit i takes row i of W times sₜ₋₁.",
             tuple(math.tanh(v) for v in transposed)),
    ]
