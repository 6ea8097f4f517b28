"""Max or average pooling of a small feature map: each window's maximum or mean (Lecture 6)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip, eq, num

NAME = "pooling-output"
LECTURE = "lecture-6"
SUMMARY = "max or average pooling of a small feature map, window by window"
TOLERANCE = 0.005  # two decimal places: 0.73 for σ(1) = 0.7311...


def draw(rng: random.Random) -> dict:
    size, window, stride = rng.choice(((4, 2, 2), (4, 2, 2), (3, 2, 1), (5, 3, 2)))
    return {"x": [[rng.randint(0, 9) for _ in range(size)] for _ in range(size)], "window": window,
            "stride": stride, "mode": rng.choice(("max", "average"))}


def windows(p: dict) -> list[list[int]]:
    """The values under each window, row by row of the output."""
    x, k, s = p["x"], p["window"], p["stride"]
    out = (len(x) - k) // s + 1
    return [[x[r * s + i][c * s + j] for i in range(k) for j in range(k)] for r in range(out) for c in range(out)]


def pool(values: list[int], mode: str) -> float:
    return max(values) if mode == "max" else sum(values) / len(values)


def answer(p: dict) -> tuple:
    return tuple(pool(w, p["mode"]) for w in windows(p))


def sound(p: dict) -> bool:
    return len(set(answer(p))) > 1


def question(p: dict) -> str:
    k, s = p["window"], p["stride"]
    out = (len(p["x"]) - k) // s + 1
    rows = "\n".join("  " + "  ".join(str(v) for v in row) for row in p["x"])
    return (f"Apply {p['mode']} pooling with a {k}×{k} window and stride {s} to this {len(p['x'])}×{len(p['x'])} "
            f"feature map:\n{rows}\nWhat is the {out}×{out} output? List it row by row (top row first, left to "
            "right).")


def solution(p: dict) -> list[str]:
    k, s, mode = p["window"], p["stride"], p["mode"]
    out = (len(p["x"]) - k) // s + 1
    lines = [f"{'Max pooling takes the maximum' if mode == 'max' else 'Average pooling takes the mean'} of each "
             f"{k}×{k} window (Lecture 6); the window moves {s} step{'s' * (s != 1)} at a time, giving a {out}×{out} "
             "output"]
    results = []
    for n, values in enumerate(windows(p)):
        r, c = divmod(n, out)
        value = pool(values, mode)
        results.append(value)
        shown = ", ".join(map(str, values))
        lines.append(f"Window at row {r + 1}, column {c + 1}: {'max' if mode == 'max' else 'mean'}({shown}) "
                     f"{eq(value)}")
    lines.append(f"Output, row by row {eq(tuple(results))}")
    return lines


def slips(p: dict) -> list[Slip]:
    other = "average" if p["mode"] == "max" else "max"
    out = (len(p["x"]) - p["window"]) // p["stride"] + 1
    got = answer(p)
    transposed = tuple(got[c * out + r] for r in range(out) for c in range(out))
    slips_ = [
        Slip(f"Those are the windows' {'means' if other == 'average' else 'maxima'}; {p['mode']} pooling takes "
             f"the {'maximum' if p['mode'] == 'max' else 'mean'}.", tuple(pool(w, other) for w in windows(p))),
        Slip("Those are the right values column by column; list the output row by row.", transposed),
    ]
    if p["mode"] == "average":
        slips_.append(Slip("Those are the windows' sums; average pooling divides each by the window's "
                           f"{p['window'] * p['window']} values.", tuple(float(sum(w)) for w in windows(p))))
    return slips_
