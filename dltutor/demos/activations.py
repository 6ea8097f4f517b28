"""`activations`: the guidebook's six activations and their derivatives, and where each saturates.

"Saturates" here means the slope g'(z) has fallen below SLOPE: there a unit barely passes a
gradient back, which is what makes deep sigmoid networks slow to learn (lecture 5's vanishing
gradients). Each hand-written derivative is checked against autograd on the plotted grid.
"""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series

SLOPE = 0.01
COLORS = ("red", "gray", "blue", "green", "orange", "magenta")

_NOTES = {
    "BTU": "a step: its slope is 0 everywhere but z = 0, so gradient descent gets no signal through it; "
    "the perceptron rule trains it instead.",
    "linear": "slope 1 everywhere: never saturates, but stacking linear layers adds no power.",
    "sigmoid": "slope at most 0.25 (at z = 0) and vanishing for large |z|: deep stacks of sigmoids "
    "multiply small slopes, so gradients vanish.",
    "tanh": "like the sigmoid but centred on 0, with slope 1 at z = 0; it too flattens for large |z|.",
    "ReLU": "slope 1 for z > 0, 0 for z < 0: no saturation on the positive side, but a unit stuck "
    "at negative z stops learning.",
    "leaky ReLU": "slope 1 for z > 0 and α for z < 0: the gradient never dies completely.",
}


def _flat_regions(act: B.Activation, zs: list[float], slopes: list[float]) -> str:
    """Where |g'(z)| < SLOPE on [zs[0], zs[-1]], as intervals with bisected edges."""
    flat = [abs(s) < SLOPE for s in slopes]
    if all(flat):
        return "everywhere (slope 0)"
    if not any(flat):
        return "nowhere on this range"

    def edge(a: float, b: float) -> float:
        # The boundary between a flat and a steep grid point, to 1e-9.
        fa = abs(B.floats(act.dg(B.tensor([a])))[0]) < SLOPE
        for _ in range(40):
            m = (a + b) / 2
            if (abs(B.floats(act.dg(B.tensor([m])))[0]) < SLOPE) == fa:
                a = m
            else:
                b = m
        return (a + b) / 2

    parts: list[str] = []
    i = 0
    while i < len(zs):
        if not flat[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(zs) and flat[j + 1]:
            j += 1
        lo = None if i == 0 else edge(zs[i - 1], zs[i])
        hi = None if j == len(zs) - 1 else edge(zs[j], zs[j + 1])
        if lo is None and hi is not None:
            parts.append(f"z < {hi:.2f}")
        elif hi is None and lo is not None:
            parts.append(f"z > {lo:.2f}")
        elif lo is not None and hi is not None:
            parts.append(f"{lo:.2f} < z < {hi:.2f}")
        i = j + 1
    return " and ".join(parts)


def run(span: float = 6.0, alpha: float = 0.01, samples: int = 241) -> Iterator[Frame]:
    z = B.tensor([-span + 2 * span * i / (samples - 1) for i in range(samples)])
    zs = B.floats(z)
    acts = B.activations(alpha)
    charts = [
        Chart("g", "g(z)", xlabel="z", xlim=(-span, span), ylim=(-1.5, 1.5)),
        Chart("dg", "g'(z)", xlabel="z", xlim=(-span, span), ylim=(-0.1, 1.1)),
    ]
    series: list[Series] = []
    table: list[list[float]] = []
    names: list[str] = []
    saturates: dict[str, str] = {}
    max_slope: dict[str, float] = {}
    worst_diff = 0.0
    for k, (act, color) in enumerate(zip(acts, COLORS), 1):
        g, dg = B.floats(act.g(z)), B.floats(act.dg(z))
        if act.name != "BTU":  # the step has no autograd derivative to compare with
            auto = B.floats(B.autograd_derivative(act, z))
            # At the kink z = 0 the derivative of ReLU is undefined and conventions differ.
            worst_diff = max(worst_diff, max(abs(a - d) for a, d, zz in zip(auto, dg, zs) if zz != 0))
        series += [Series(act.name, g, zs, chart="g", color=color), Series(act.name, dg, zs, chart="dg", color=color)]
        saturates[act.name] = _flat_regions(act, zs, dg)
        max_slope[act.name] = max(dg)
        names.append(act.name)
        table.append([max(dg), min(g), max(g)])
        last = k == len(acts)
        text = f"{act.name}: {_NOTES[act.name]} Flat (|g'(z)| < {SLOPE:g}): {saturates[act.name]}."
        if last:
            text = (
                f"Left, the six activations; right, their slopes g'(z). Where a slope is flat "
                f"(|g'(z)| < {SLOPE:g}) the unit saturates and passes almost no gradient back: sigmoid and "
                "tanh for large |z|, ReLU for z < 0, BTU everywhere. Every derivative drawn here was "
                f"written by hand; all but BTU's (a step, which autograd cannot differentiate) match torch "
                f"autograd to {worst_diff:.1e} (away from the kink at z = 0)."
            )
        yield Frame(
            demo="activations",
            step=k,
            total=len(acts),
            stage=act.name,
            text=text,
            scalars={"activation": act.name, "max slope": max(dg), "autograd check": worst_diff},
            charts=charts,
            series=list(series),
            matrices=[Matrix(f"on −{span:g} ≤ z ≤ {span:g}", [r[:] for r in table], rows=names[:],
                             cols=["max g'(z)", "min g(z)", "max g(z)"])],
            pause=1.0,
            summary={
                "saturates": dict(saturates),
                "slope_threshold": SLOPE,
                "max_slope": dict(max_slope),
                "max_autograd_diff": worst_diff,
                "range": [-span, span],
                "alpha": alpha,
            } if last else None,
        )
