"""A neuron's output: z = Σⱼ wⱼxⱼ + b, then y = g(z) under a sigmoid, tanh or ReLU (Lecture 1)."""

from __future__ import annotations

import math
import random

from dltutor.study.practice.problem import Slip, dot_terms, eq, grid, num, sigmoid, terms, vec

NAME = "neuron-output"
LECTURE = "lecture-1"
SUMMARY = "a neuron's output y = g(Σ wⱼxⱼ + b) under sigmoid, tanh or ReLU"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...

ACTIVATIONS = {
    "sigmoid": (sigmoid, "σ(z) = 1/(1 + e^(−z))"),
    "tanh": (math.tanh, "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))"),
    "relu": (lambda z: max(0.0, z), "ReLU(z) = max(0, z)"),
}


def draw(rng: random.Random) -> dict:
    n = rng.choice((2, 2, 3))
    return {"x": [rng.choice(grid(-2, 2, 0.5)) for _ in range(n)],
            "w": [rng.choice(grid(-1, 1, 0.1, skip=[0])) for _ in range(n)],
            "b": rng.choice(grid(-1, 1, 0.1)),
            "activation": rng.choice(tuple(ACTIVATIONS))}


def weighted_sum(p: dict) -> float:
    return sum(w * x for w, x in zip(p["w"], p["x"])) + p["b"]


def answer(p: dict) -> float:
    return ACTIVATIONS[p["activation"]][0](weighted_sum(p))


def sound(p: dict) -> bool:
    return abs(weighted_sum(p)) <= 3  # tanh and σ not saturated to their limits at this tolerance


def question(p: dict) -> str:
    return (f"A neuron has inputs x = {vec(p['x'])}, weights w = {vec(p['w'])}, bias b = {num(p['b'])} and a "
            f"{p['activation'] if p['activation'] != 'relu' else 'ReLU'} activation. "
            "What is its output y = g(z), where z = Σⱼ wⱼxⱼ + b?")


def solution(p: dict) -> list[str]:
    z = weighted_sum(p)
    g, formula = ACTIVATIONS[p["activation"]]
    products = [w * x for w, x in zip(p["w"], p["x"])]
    name = formula.split("(")[0]
    return [
        "The weighted sum (Lecture 1): z = Σⱼ wⱼxⱼ + b",
        f"z = {dot_terms(p['w'], p['x'])} + {num(p['b']) if p['b'] >= 0 else '(' + num(p['b']) + ')'}",
        f"z = {terms([*products, p['b']])} {eq(z)}",
        f"The activation: y = g(z) = {formula}",
        f"y = {name}({num(z)}) {eq(g(z))}",
    ]


def slips(p: dict) -> list[Slip]:
    z = weighted_sum(p)
    g = ACTIVATIONS[p["activation"]][0]
    return [
        Slip("It looks like you gave z, the weighted sum, without applying the activation g.", z),
        Slip("It looks like you left out the bias b: z = Σⱼ wⱼxⱼ + b.", g(z - p["b"])),
    ]
