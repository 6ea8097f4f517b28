"""One SGD step with momentum, as PyTorch takes it: v ← μv + ∂loss/∂w, then w ← w − λv (Lecture 8)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, factor, grid, num, vec

NAME = "momentum-update"
LECTURE = "lecture-8"
SUMMARY = "one gradient step with momentum: v ← μv + ∂loss/∂w, w ← w − λv"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    return {"w": [rng.choice(grid(-1, 1, 0.1)) for _ in range(2)], "v": [rng.choice(grid(-1, 1, 0.1)) for _ in range(2)],
            "g": [rng.choice(grid(-1, 1, 0.1, skip=[0])) for _ in range(2)], "mu": rng.choice((0.5, 0.8, 0.9)),
            "lr": rng.choice((0.1, 0.2, 0.5))}


def answer(p: dict) -> tuple:
    return tuple(w - p["lr"] * (p["mu"] * v + g) for w, v, g in zip(p["w"], p["v"], p["g"]))


def sound(p: dict) -> bool:
    return any(v != 0 for v in p["v"])


def question(p: dict) -> str:
    return (f"A network trains with momentum μ = {num(p['mu'])} and learning rate λ = {num(p['lr'])}, updating "
            "v ← μv + ∂loss/∂w and then w ← w − λv (PyTorch's SGD with momentum). Two weights are now w = "
            f"{vec(p['w'])}, their velocity is v = {vec(p['v'])} and the gradient is ∂loss/∂w = {vec(p['g'])}. "
            "What are the two weights after this step?")


def solution(p: dict) -> list[str]:
    mu, lr = p["mu"], p["lr"]
    v_new = [mu * v + g for v, g in zip(p["v"], p["g"])]
    w_new = [w - lr * v for w, v in zip(p["w"], v_new)]
    lines = ["Momentum (Lecture 8) accumulates past gradients in a velocity: v ← μv + ∂loss/∂w, w ← w − λv"]
    for i in range(2):
        lines.append(f"Weight {i + 1}: v = {num(mu)}·{factor(p['v'][i])} + {factor(p['g'][i])} {eq(v_new[i])}; "
                     f"w = {num(p['w'][i])} − {num(lr)}·{factor(v_new[i])} {eq(w_new[i])}")
    lines.append(f"w {eq(tuple(w_new))}")
    return lines


def slips(p: dict) -> list[Slip]:
    w, v, g, mu, lr = p["w"], p["v"], p["g"], p["mu"], p["lr"]
    return [
        Slip("It looks like you left out the velocity: that is a plain gradient step w − λ ∂loss/∂w.",
             tuple(a - lr * c for a, c in zip(w, g))),
        Slip("It looks like you added the step; w ← w − λv moves against the velocity.",
             tuple(a + lr * (mu * b + c) for a, b, c in zip(w, v, g))),
        Slip("It looks like you used the old velocity; update v first (v ← μv + ∂loss/∂w), then step with it.",
             tuple(a - lr * b for a, b in zip(w, v))),
        Slip("It looks like you put μ on the gradient instead of on the velocity: v ← μv + ∂loss/∂w.",
             tuple(a - lr * (b + mu * c) for a, b, c in zip(w, v, g))),
        Slip("Those are the new velocities; the question asks for the weights w − λv.",
             tuple(mu * b + c for b, c in zip(v, g))),
    ]
