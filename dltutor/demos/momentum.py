"""`momentum`: gradient descent against momentum in a long, narrow quadratic ravine.

f(w) = ½(μw₁² + Lw₂²) with L = 1 and μ = 1/κ: κ, the condition number, is how much steeper the
ravine's walls are than its floor. Gradient descent steps w ← w − λ∇f(w). Momentum (the
heavy ball) keeps a velocity, v ← βv − λ∇f(w), w ← w + v: the steps along the floor add up,
those across the walls cancel. Gradient descent is momentum with β = 0, so all three runs (GD,
momentum at --beta, and momentum at the best β for this λ) are one update on one tensor.

The theory, per direction of curvature h: gradient descent shrinks the error by |1 − λh| a
step; momentum's error follows the 2×2 matrix [[1 + β − λh, −β], [1, 0]], whose largest
eigenvalue (in size) is the rate. With every direction underdamped the rate is √β, which is
smallest at β* = max over h of (1 − √(λh))². The rates here are those eigenvalues, computed.
"""

from __future__ import annotations

import math
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Points, Series

FRAMES = 30
PATH_POINTS = 300
CONTOURS = 6


def best_beta(lr: float, curvatures: tuple[float, ...]) -> float:
    """The smallest β that leaves every direction underdamped: max over h of (1 − √(λh))²."""
    return max((1 - math.sqrt(lr * h)) ** 2 for h in curvatures)


def rate(lr: float, beta: float, curvatures: tuple[float, ...]) -> float:
    """How much the error shrinks per step, at worst over the directions: an eigenvalue's modulus."""
    worst = 0.0
    for h in curvatures:
        a = 1 + beta - lr * h  # eigenvalues of [[a, −β], [1, 0]]: z² − a z + β = 0
        disc = a * a - 4 * beta
        if disc >= 0:
            root = max(abs((a + math.sqrt(disc)) / 2), abs((a - math.sqrt(disc)) / 2))
        else:
            root = math.sqrt(beta)
        worst = max(worst, root)
    return worst


def _thin(values: list[float], most: int) -> list[float]:
    if len(values) <= most:
        return values
    stride = len(values) / most
    return [values[int(i * stride)] for i in range(most)] + [values[-1]]


def run(condition: float = 100.0, beta: float = 0.9, lr: float = 1.5, tol: float = 1e-6,
        max_steps: int = 2000) -> Iterator[Frame]:
    torch = B.torch
    L, mu = 1.0, 1.0 / condition
    curv = (mu, L)
    beta_star = best_beta(lr, curv)
    names = ("gradient descent", f"momentum β = {beta:g}", f"momentum β* = {beta_star:.3g}")
    colors = ("red", "blue", "green")
    betas = B.tensor([[0.0], [beta], [beta_star]])
    H = B.tensor([mu, L])
    start = [-0.9 * math.sqrt(condition), 0.9]
    W = B.tensor([start] * 3)
    V = torch.zeros_like(W)
    f0 = 0.5 * (mu * start[0] ** 2 + L * start[1] ** 2)
    rates = [rate(lr, 0.0, curv), rate(lr, beta, curv), rate(lr, beta_star, curv)]
    paths: list[list[list[float]]] = [[list(start)] for _ in range(3)]
    rel: list[list[float]] = [[1.0] for _ in range(3)]
    reached: list[int | None] = [None, None, None]
    # f is quadratic in the error, so it shrinks by rate² a step: about ln(tol)/(2 ln rate) steps each.
    expected = [math.log(tol) / (2 * math.log(r)) if 0 < r < 1 else math.inf for r in rates]
    horizon = max(1, min(max_steps, math.ceil(1.15 * max(expected))))
    every = max(1, horizon // FRAMES)
    half = 1.1 * math.sqrt(condition)
    levels = [f0 * 0.3 ** k for k in range(CONTOURS)]
    ts = [2 * math.pi * i / 80 for i in range(81)]
    contours = Points("contours f(w) = const", [math.sqrt(2 * c / mu) * math.cos(t) for c in levels for t in ts],
                      [math.sqrt(2 * c / L) * math.sin(t) for c in levels for t in ts], chart="ravine", marker="·",
                      color="gray")
    charts = [Chart("ravine", f"f(w) = ½(w₁²/{condition:g} + w₂²), from w = ({start[0]:.3g}, {start[1]:.3g})",
                    xlabel="w₁", ylabel="w₂", xlim=(-half, half), ylim=(-1.1, 1.1)),
              Chart("loss", "log₁₀ f(w)/f(w₀) per step", xlabel="step", xlim=(0, horizon),
                    ylim=(math.log10(tol) - 1, 0.5))]
    floor = math.log10(tol)
    theory = (f"κ = {condition:g}, λ = {lr:g}. Per step gradient descent shrinks the error by at worst "
              f"{rates[0]:.4g}; momentum at β = {beta:g} by {rates[1]:.4g}; the best β for this λ, "
              f"β* = max(1 − √(λh))² = {beta_star:.4g}, by {rates[2]:.4g}.")

    def frame(step: int, text: str, summary: dict | None = None, total: int = horizon) -> Frame:
        series = []
        for k in range(3):
            upto = reached[k] + 1 if reached[k] is not None else len(rel[k])  # each run ends at the tolerance
            xs = _thin([p[0] for p in paths[k][:upto]], PATH_POINTS)
            ys = _thin([p[1] for p in paths[k][:upto]], PATH_POINTS)
            series.append(Series(names[k], ys, xs, chart="ravine", color=colors[k]))
            logs = [max(math.log10(v), floor - 1) if v > 0 else floor - 1 for v in rel[k][:upto]]
            series.append(Series(names[k], _thin(logs, PATH_POINTS),
                                 _thin([float(i) for i in range(len(logs))], PATH_POINTS), chart="loss", color=colors[k]))
        series.append(Series(f"tolerance {tol:g}", [floor, floor], [0.0, float(horizon)], chart="loss", color="gray"))
        scalars = {"step": step, **{n.split(" β")[0] if k == 0 else n: (reached[k] if reached[k] is not None else "…")
                                    for k, n in enumerate(names)}}
        return Frame(demo="momentum", step=step, total=total, stage="steps", text=text, scalars=scalars,
                     charts=charts, series=series,
                     points=[contours, Points("start", [start[0]], [start[1]], chart="ravine", marker="○"),
                             Points("minimum", [0.0], [0.0], chart="ravine", marker="✕")],
                     pause=0.3, summary=summary)

    yield frame(0, "Gradient descent, and momentum at two values of β, start from the same point. " + theory)
    step = 0
    for step in range(1, max_steps + 1):
        grad = W * H  # ∇f(w) = (μw₁, Lw₂)
        V = betas * V - lr * grad  # v ← βv − λ∇f(w); with β = 0 this is gradient descent's step
        W = W + V  # w ← w + v
        f = 0.5 * (W * W * H).sum(1) / f0
        values = B.floats(f)
        points = B.rows(W)
        for k in range(3):
            paths[k].append(points[k])
            rel[k].append(values[k])
            if reached[k] is None and values[k] <= tol:
                reached[k] = step
        if all(r is not None for r in reached) or not all(math.isfinite(v) for v in values):
            break
        if step % every == 0 and step < horizon:
            yield frame(step, f"Step {step}: f(w)/f(w₀) is {values[0]:.2g} for gradient descent, {values[1]:.2g} and "
                        f"{values[2]:.2g} with momentum. " + theory)
    diverged = [not math.isfinite(rel[k][-1]) or rel[k][-1] > 1e6 for k in range(3)]

    def said(k: int) -> str:
        if reached[k] is not None:
            return f"{names[k]} reached f(w) ≤ {tol:g}·f(w₀) in {reached[k]} steps"
        if diverged[k]:
            return f"{names[k]} diverged"
        return f"{names[k]} had not reached it after {len(rel[k]) - 1} steps"

    lines = [theory, "; ".join(said(k) for k in range(3)) + "."]
    gd, mom = reached[0], reached[1]
    if gd is not None and mom is not None:
        faster = "fewer" if mom < gd else "more" if mom > gd else "as many"
        lines.append(f"Momentum at β = {beta:g} took {faster} steps than gradient descent ({mom} against {gd}).")
    summary = {
        "steps_gd": gd,
        "steps_momentum": mom,
        "steps_best_beta": reached[2],
        "condition": condition,
        "beta": beta,
        "best_beta": beta_star,
        "lr": lr,
        "tol": tol,
        "rate_gd": rates[0],
        "rate_momentum": rates[1],
        "rate_best_beta": rates[2],
        "diverged": {"gd": diverged[0], "momentum": diverged[1], "best_beta": diverged[2]},
    }
    yield frame(step, " ".join(lines), summary, total=step)
