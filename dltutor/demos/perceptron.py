"""`perceptron`: the learning rule Δw = λ(t − y)x, epoch by epoch, on a gate or random points.

Inputs are augmented with a constant 1, so w = (w₁, w₂, w₀) and the bias is learned like any
weight; the decision boundary is the line w₁x₁ + w₂x₂ + w₀ = 0. Novikoff's theorem: from
zero weights, on data a unit vector u separates with margin γ (every sᵢ u·xᵢ ≥ γ, sᵢ = ±1)
and with every ‖xᵢ‖ ≤ R, the perceptron changes its weights at most (R/γ)² times. γ here
is that of the max-margin separator, which makes the bound as tight as the theorem allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series

GATES: dict[str, tuple[list[list[float]], list[float]]] = {
    "and": ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1]),
    "or": ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1]),
    "nand": ([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 1, 1, 0]),
    "not": ([[0], [1]], [1, 0]),
    "xor": ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]),
}
STEP_ROWS = 8  # example-by-example rows a frame keeps


def random_separable(points: int, gen: "B.torch.Generator") -> tuple[list[list[float]], list[float]]:
    """Points in [−1, 1]² labelled by a random line, none closer to it than 0.05: separable."""
    angle = float(B.uniform((1,), 0.0, 2 * math.pi, gen)[0])
    offset = float(B.uniform((1,), -0.4, 0.4, gen)[0])
    normal = (math.cos(angle), math.sin(angle))
    xs: list[list[float]] = []
    ts: list[float] = []
    while len(xs) < points:
        p = B.floats(B.uniform((2,), -1.0, 1.0, gen))
        d = normal[0] * p[0] + normal[1] * p[1] - offset
        if abs(d) < 0.05:
            continue
        # Keep both classes present: the last point goes to a class still empty.
        if len(xs) == points - 1 and len(set(ts)) == 1 and (d > 0) == (ts[0] == 1.0):
            continue
        xs.append(p)
        ts.append(1.0 if d > 0 else 0.0)
    return xs, ts


def augment(xs: list[list[float]]) -> "B.torch.Tensor":
    return B.with_bias(B.tensor(xs))


def boundary(w: list[float], xlim: tuple[float, float], ylim: tuple[float, float], n: int = 81) -> tuple[list[float], list[float]]:
    """Points of the line w₁x₁ + w₂x₂ + w₀ = 0 inside the plot (x₂ ignored for 1-D data)."""
    if len(w) == 2:  # one input: the boundary is the vertical line x₁ = −w₀/w₁
        w = [w[0], 0.0, w[1]]
    w1, w2, w0 = w
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return [], []
    xs: list[float] = []
    ys: list[float] = []
    if abs(w2) >= abs(w1):  # shallow: walk along x₁
        for i in range(n):
            x = xlim[0] + (xlim[1] - xlim[0]) * i / (n - 1)
            y = -(w1 * x + w0) / w2
            if ylim[0] <= y <= ylim[1]:
                xs.append(x)
                ys.append(y)
    else:  # steep: walk along x₂
        for i in range(n):
            y = ylim[0] + (ylim[1] - ylim[0]) * i / (n - 1)
            x = -(w2 * y + w0) / w1
            if xlim[0] <= x <= xlim[1]:
                xs.append(x)
                ys.append(y)
    return xs, ys


def data_points(xs: list[list[float]], ts: list[float], chart: str) -> list[Points]:
    def coords(label: float) -> tuple[list[float], list[float]]:
        chosen = [x for x, t in zip(xs, ts) if t == label]
        return [x[0] for x in chosen], [x[1] if len(x) > 1 else 0.0 for x in chosen]

    one, zero = coords(1.0), coords(0.0)
    return [
        Points("t = 1", one[0], one[1], chart=chart, marker="●", color="green"),
        Points("t = 0", zero[0], zero[1], chart=chart, marker="○", color="red"),
    ]


def limits(xs: list[list[float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    lo = min(min(x) for x in xs)
    hi = max(max(x) for x in xs)
    pad = 0.25 * (hi - lo or 1.0)
    return (lo - pad, hi + pad), (lo - pad, hi + pad)


@dataclass
class Epoch:
    """What one pass over the data did."""

    number: int
    mistakes: int  # examples that changed the weights: updates made this epoch
    errors_after: int  # examples the weights get wrong at the end of the epoch
    steps: list[list[float]] = field(default_factory=list)  # x..., t, y, t − y, Δw...
    best_errors: int = 0  # with trace: fewest errors of the weights at any moment of the epoch
    trace: list[int] = field(default_factory=list)  # with trace: errors after each example


def exact_data(xs: list[list[float]], ts: list[float]) -> tuple[list[B.Vector], list[int]]:
    """Examples augmented with a constant 1, as exact fractions, and their targets as 0 or 1."""
    return [[*B.exact_vector(x), Fraction(1)] for x in xs], [int(t) for t in ts]


def train_epoch(w: B.Vector, X: list[B.Vector], T: list[int], lr: Fraction, number: int,
                trace: bool = False) -> Epoch:
    """One pass in order: for each example, y = BTU(w·x) and Δw = λ(t − y)x, in exact arithmetic.

    With `trace`, the errors of the whole set are counted after every example (n² work: for XOR).
    """
    errors = B.perceptron_errors(w, X, T) if trace else 0
    epoch = Epoch(number, 0, 0, best_errors=errors)
    for x, t in zip(X, T):
        before = list(w)
        y, changed = B.perceptron_step(w, x, t, lr)
        if changed:
            epoch.mistakes += 1
        if trace:
            if changed:
                errors = B.perceptron_errors(w, X, T)
            epoch.trace.append(errors)
            epoch.best_errors = min(epoch.best_errors, errors)
        epoch.steps.append([*map(float, x[:-1]), float(t), float(y), float(t - y),
                            *(float(a - b) for a, b in zip(w, before))])
    epoch.errors_after = B.perceptron_errors(w, X, T)
    return epoch


def step_columns(inputs: int) -> list[str]:
    xs = [f"x{sub}" for sub in "₁₂₃₄₅₆₇₈₉"[:inputs]]
    dws = [f"Δw{sub}" for sub in "₁₂₃₄₅₆₇₈₉"[:inputs]] + ["Δw₀"]
    return [*xs, "t", "y", "t − y", *dws]


def weight_names(inputs: int) -> list[str]:
    return [f"w{sub}" for sub in "₁₂₃₄₅₆₇₈₉"[:inputs]] + ["w₀"]


def fmt_w(w: list[float]) -> str:
    return "(" + ", ".join(f"{v:.3g}" for v in w) + ")"


def fmt_point(x: B.Vector) -> str:
    """An example's inputs (without the constant 1) as the learner reads them."""
    if len(x) == 2:
        return f"x₁ = {float(x[0]):.3g}"
    return "(" + ", ".join(f"{float(v):.3g}" for v in x[:-1]) + ")"


def placement(w: B.Vector, X: list[B.Vector]) -> str:
    """Where the examples lie once all are classified right: strictly on their side, or on the boundary.

    A point with z = 0 exactly is on the boundary itself; the step function gives it y = 0, so a
    converged perceptron can only have examples with t = 0 there.
    """
    on = [x for x in X if B.dot(w, x) == 0]
    if not on:
        return "Every example lies strictly on its own side of the boundary."
    shown = ", ".join(fmt_point(x) for x in on[:3]) + (f" and {len(on) - 3} more" if len(on) > 3 else "")
    one, rest = len(on) == 1, len(X) - len(on)
    everyone = "Both examples are" if len(X) == 2 else f"All {len(X)} examples are"
    others = "" if rest == 0 else "; the other one lies strictly on its side" if rest == 1 else \
        f"; the other {rest} lie strictly on their side"
    return (f"{everyone} classified correctly, but {shown} {'lies' if one else 'lie'} exactly on the boundary: "
            f"z = 0, which the step counts as 0 (lecture 2: z ≤ 0 is negative), {'its' if one else 'their'} "
            f"target t = 0{others}.")


def run(gate: str = "and", data: str = "gate", points: int = 20, lr: float = 0.1, epochs: int = 100,
        init: str = "zero", seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    if data == "random":
        xs, ts = random_separable(points, gen)
        name = f"{points} random separable points"
    else:
        xs, ts = GATES[gate]
        name = f"the {gate.upper()} gate"
    X, T = exact_data(xs, ts)
    rate = B.typed(lr)  # the λ the learner typed, exactly
    inputs = len(xs[0])
    w = B.exact_vector(B.floats(B.uniform((inputs + 1,), -0.5, 0.5, gen))) if init == "random" \
        else [Fraction(0)] * (inputs + 1)
    Xt, Tt = augment(xs), B.tensor(ts)  # float copies for the margin, which is a bound, not a decision
    R = max(float(x.norm()) for x in Xt)
    _, gamma, _ = B.max_margin(Xt, Tt)
    bound = (R / gamma) ** 2 if gamma > 0 else math.inf
    xlim, ylim = limits(xs)
    charts = [
        Chart("data", "boundary w·x = 0", xlabel="x₁", ylabel="x₂" if inputs > 1 else "", xlim=xlim, ylim=ylim),
        Chart("errors", "updates per epoch", xlabel="epoch", ylim=(0, max(1, len(xs)))),
    ]
    bound_note = (
        f"Novikoff: from zero weights at most (R/γ)² = ({R:.3g}/{gamma:.3g})² = {bound:.1f} updates."
        if init == "zero" else
        f"Novikoff's bound, (R/γ)² = {bound:.1f}, assumes zero starting weights; from a random start "
        "it does not apply as stated."
    )
    mistakes: list[float] = []
    epoch_numbers: list[float] = []
    updates = 0
    history: list[list[float]] = []

    def frame(step: int, epoch: Epoch | None, text: str, summary: dict | None = None, total: int = epochs) -> Frame:
        wl = [float(v) for v in w]
        bx, by = boundary(wl, xlim, ylim)
        errors = B.perceptron_errors(w, X, T)
        matrices = [Matrix("weights after each epoch", [h[1:] for h in history[-STEP_ROWS:]],
                           rows=[f"epoch {int(h[0])}" for h in history[-STEP_ROWS:]],
                           cols=[*weight_names(inputs), "updates"])]
        if epoch is not None:
            shown = epoch.steps if len(epoch.steps) <= STEP_ROWS else [s for s in epoch.steps if s[inputs + 2] != 0][-STEP_ROWS:]
            matrices.insert(0, Matrix(f"epoch {epoch.number}, example by example", [s[:] for s in shown],
                                      rows=[str(i) for i in range(1, len(shown) + 1)], cols=step_columns(inputs)))
        return Frame(
            demo="perceptron",
            step=step,
            total=total,
            stage="epoch" if epoch else "start",
            text=text,
            scalars={"epoch": epoch.number if epoch else 0, "updates": updates, "errors": errors,
                     "accuracy": 1 - errors / len(xs), "λ": lr},
            weights={"w": wl},
            charts=charts,
            series=[Series("boundary", by, bx, chart="data", color="blue"),
                    Series("updates", list(mistakes), list(epoch_numbers), chart="errors", color="orange")],
            points=data_points(xs, ts, "data"),
            matrices=matrices,
            pause=0.6 if len(xs) <= 8 else 0.25,
            summary=summary,
        )

    def weights_text() -> str:
        return fmt_w([float(v) for v in w])

    history.append([0.0, *map(float, w), 0.0])
    yield frame(0, None, f"Training a perceptron on {name}, starting from w = {weights_text()}. {bound_note}")
    converged = False
    number = 0
    epoch = None
    for number in range(1, epochs + 1):
        epoch = train_epoch(w, X, T, rate, number)
        updates += epoch.mistakes
        mistakes.append(float(epoch.mistakes))
        epoch_numbers.append(float(number))
        history.append([float(number), *map(float, w), float(epoch.mistakes)])
        converged = epoch.mistakes == 0
        if converged or number == epochs:
            break
        wrong = "1 example was" if epoch.mistakes == 1 else f"{epoch.mistakes} examples were"
        yield frame(number, epoch, f"Epoch {number} on {name}: {wrong} misclassified, and each moved the weights by "
                    f"Δw = λ(t − y)x; w is now {weights_text()}, and the boundary moves with it. {bound_note}")
    errors = B.perceptron_errors(w, X, T)
    if converged:
        text = f"Epoch {number} made no mistakes on {name}: converged after {updates} updates, with w = {weights_text()}"
        if init == "zero":
            # From zero, w is λ times a sum of ±examples, and the sign of w·x does not depend on λ > 0.
            text += (f" = λ·{fmt_w([float(v / rate) for v in w])}: from zero weights λ only scales w, so every λ makes "
                     "the same updates")
        text += f". {placement(w, X)} {bound_note}"
        if init == "zero":
            text += f" {updates} ≤ {bound:.1f}, as the theorem promises."
    elif errors == 0:
        text = (f"After {number} epochs the weights w = {weights_text()} classify every example correctly, but "
                f"epoch {number} still made {epoch.mistakes if epoch else 0} update(s), and the rule stops only after "
                f"a pass without mistakes: one more epoch (--epochs) would be that pass. {bound_note}")
    else:
        text = (f"Not converged after {number} epoch{'s' if number > 1 else ''} ({errors} error(s) left); more epochs (--epochs) would get "
                f"there, since the data are linearly separable. {bound_note}")
    summary = {
        "converged": converged,
        "epochs": number,
        "updates": updates,
        "novikoff_bound": bound,
        "bound_applies": init == "zero",
        "R": R,
        "gamma": gamma,
        "accuracy": 1 - errors / len(xs),
        "weights": [float(v) for v in w],
        "on_boundary": sum(B.dot(w, x) == 0 for x in X),
        "lr": lr,
        "init": init,
        "data": "random" if data == "random" else gate,
        "points": len(xs),
    }
    yield frame(number, epoch, text, summary, total=number)
