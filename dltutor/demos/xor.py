"""`xor`: the perceptron on XOR cycles forever; a one-hidden-layer MLP trained by backprop solves it.

Part 1 runs the same rule as `perceptron`, in exact fractions, and watches for a repeated weight
state at the start of an epoch: from there the run is periodic, so it can never converge. The
comparison is exact, not a float coincidence. A repeat must come: every update adds ±λx with x
made of 0s and 1s, so w − w_start stays on a grid of step λ, and on data no line separates the
perceptron's weights stay bounded (the perceptron cycling theorem), so only finitely many
states can occur. What a line can do at best on XOR is found apart from the run, by searching
whole-number weights, and 4 of 4 is ruled out by the identity x(0,1) + x(1,0) = x(0,0) + x(1,1)
of the inputs with their constant 1 (Minsky and Papert's point).

Part 2 trains a 2-H-1 sigmoid MLP on all four examples by batch gradient descent, with the
deltas written out in `backend.MLP.backward`, and draws the regions it carves out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series
from dltutor.demos.perceptron import GATES, boundary, data_points, exact_data, fmt_point, fmt_w, train_epoch, weight_names

LIM = (-0.5, 1.5)
GRID = 17  # decision-region samples per axis
MLP_FRAMES = 40


SEARCH = range(-2, 3)  # whole-number weights tried for each of w₁, w₂, w₀


@dataclass(frozen=True)
class BestLine:
    """The most examples one line gets right, a line that does it, and whether all of them is ruled out."""

    correct: int  # the most any searched weights got right
    w: tuple[int, ...]  # whole-number weights that do
    total: int  # how many examples there are
    all_impossible: bool  # certified: no weights at all get every example right

    @property
    def is_best_of_all_lines(self) -> bool:
        """One short of all, and all impossible: no line at all does better than the search."""
        return self.all_impossible and self.correct == self.total - 1


def best_line(X: list[B.Vector], T: list[int]) -> BestLine:
    """Search whole-number weights for the line that gets most examples right (BTU: z > 0 is 1).

    The certificate: if the positive and the negative examples (with their constant 1) have the
    same sum and are as many, then Σ z over the positives equals Σ z over the negatives for every
    w, so the positives cannot all have z > 0 while the negatives all have z ≤ 0.
    """
    best, best_w = (-1, 0), (0, 0, 0)
    for w in itertools.product(SEARCH, repeat=len(X[0])):
        z = [B.dot(list(map(Fraction, w)), x) for x in X]
        right = sum(B.btu(zi) == t for zi, t in zip(z, T))
        score = (right, -z.count(0))  # among the best, a line with no example on it reads more clearly
        if score > best:
            best, best_w = score, w
    positives = [x for x, t in zip(X, T) if t == 1]
    negatives = [x for x, t in zip(X, T) if t == 0]
    sums_equal = all(sum(c) == sum(d) for c, d in zip(zip(*positives), zip(*negatives)))
    return BestLine(best[0], best_w, len(X), len(positives) == len(negatives) and sums_equal)


def run(lr: float = 0.1, epochs: int = 50, init: str = "zero", hidden: int = 4, mlp_lr: float = 2.0,
        mlp_epochs: int = 2000, seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    xs, ts = GATES["xor"]
    X, T = exact_data(xs, ts)
    rate = B.typed(lr)
    w = B.exact_vector(B.floats(B.uniform((3,), -0.5, 0.5, gen))) if init == "random" else [Fraction(0)] * 3
    total = epochs + mlp_epochs
    charts = [
        Chart("data", "XOR: the perceptron's boundary", xlabel="x₁", ylabel="x₂", xlim=LIM, ylim=LIM),
        Chart("errors", "perceptron: errors after each example", xlabel="examples seen", ylim=(0, 4)),
    ]
    seen: dict[tuple[Fraction, ...], int] = {tuple(w): 0}  # weight state -> the epoch it ended (0: the start)
    traces: list[list[int]] = []  # per epoch: errors after every example, the oscillation
    history: list[list[float]] = []
    best = B.perceptron_errors(w, X, T)  # fewest errors of the weights at any moment of the run
    cycle: tuple[int, int] | None = None  # (first epoch of the cycle, its length)
    number = 0

    def cycle_text() -> str:
        if cycle is None:
            return "not yet"
        first, length = cycle
        return f"epoch {first}" if length == 1 else f"epochs {first}–{first + length - 1}"

    def perceptron_frame(text: str) -> Frame:
        wl = [float(v) for v in w]
        bx, by = boundary(wl, LIM, LIM)
        errors = [float(e) for trace in traces for e in trace]
        return Frame(
            demo="xor", step=number, total=total, stage="perceptron", text=text,
            scalars={"epoch": number, "errors": B.perceptron_errors(w, X, T), "fewest errors": best,
                     "cycle": cycle_text()},
            weights={"w": wl}, charts=charts,
            series=[Series("boundary", by, bx, chart="data", color="blue"),
                    Series("errors", errors, [float(i) for i in range(1, len(errors) + 1)], chart="errors",
                           color="orange")],
            points=data_points(xs, ts, "data"),
            matrices=[Matrix("weights at the start of each epoch", [h[1:] for h in history[-8:]],
                             rows=[f"epoch {int(h[0])}" for h in history[-8:]], cols=[*weight_names(2), "errors after"])],
            pause=0.4,
        )

    for number in range(1, epochs + 1):
        history.append([float(number), *map(float, w), 0.0])
        epoch = train_epoch(w, X, T, rate, number, trace=True)
        history[-1][-1] = float(epoch.errors_after)
        best = min(best, epoch.best_errors)
        traces.append(epoch.trace)
        state = tuple(w)
        if state in seen:
            cycle = (seen[state] + 1, number - seen[state])
            break
        seen[state] = number
        yield perceptron_frame(f"Perceptron epoch {number}: {epoch.mistakes} update(s), {epoch.errors_after} of 4 "
                               f"wrong afterwards; w = {fmt_w([float(v) for v in w])}. Watching for a weight state "
                               "seen before.")
    converged = best == 0  # never: XOR is not linearly separable (see best_line)
    line = best_line(X, T)
    ran = f"The best this run's weights did was {4 - best} of 4 right"
    if line.is_best_of_all_lines:
        positives = [x for x, t in zip(X, T) if t == 1]
        negatives = [x for x, t in zip(X, T) if t == 0]
        z = [f"z{fmt_point(x)}" for x in (*positives, *negatives)]
        ran += (f"; the best any line can do is {line.correct} of 4 (a search of whole-number weights finds w = "
                f"{fmt_w(list(map(float, line.w)))}). Not 4: with the bias input 1, "
                f"{' + '.join(map(fmt_point, positives))} = {' + '.join(map(fmt_point, negatives))}, so "
                f"{z[0]} + {z[1]} = {z[2]} + {z[3]} for every w, and two z's > 0 cannot add up to two z's ≤ 0. "
                "XOR is not linearly separable: no perceptron learns it.")
    else:  # not XOR's case; said only as far as the search goes
        ran += f"; searching whole-number weights, the best line found gets {line.correct} of {line.total}."
    if cycle:
        cycled = [e for trace in traces[cycle[0] - 1:] for e in trace]
        low, high = min(cycled), max(cycled)
        errors_move = (f"the errors go up and down between {low} and {high}" if low < high
                       else f"the errors stay at {low}")
        text = (f"Cycle: epoch {number} ended with exactly the weights epoch {cycle[0]} started with, so "
                f"{'that epoch' if cycle[1] == 1 else f'those {cycle[1]} epochs'} repeat{'s' if cycle[1] == 1 else ''} "
                f"forever: {errors_move} and never reach 0. {ran}")
    else:
        text = (f"After {number} epoch{'s' if number > 1 else ''} none of this run's weights got all 4 right, and no weight state repeated "
                f"yet; more epochs (--epochs) would show the cycle. {ran}")
    yield perceptron_frame(text)
    part1_text = text

    # Part 2: a hidden layer. Building theorem: two layers of units can compute any Boolean function.
    Xm = B.tensor(xs)
    Tm = B.tensor([[t] for t in ts])
    model = B.MLP.init((2, hidden, 1), gen)
    grid = [LIM[0] + (LIM[1] - LIM[0]) * i / (GRID - 1) for i in range(GRID)]
    G = B.tensor([[gx, gy] for gy in grid for gx in grid])
    losses: list[float] = []
    loss_at: list[float] = []
    mlp_charts = [
        Chart("regions", f"MLP 2-{hidden}-1: where it says 1 (·)", xlabel="x₁", ylabel="x₂", xlim=LIM, ylim=LIM),
        Chart("loss", "MLP: loss (MSE)", xlabel="epoch"),
    ]
    every = max(1, mlp_epochs // MLP_FRAMES)

    part1 = perceptron_frame("")  # what the perceptron left behind, for the final picture

    def mlp_frame(epoch: int, text: str, summary: dict | None = None) -> Frame:
        region = B.floats(model.forward(G).y)
        ones = [(p[0], p[1]) for p, v in zip(B.rows(G), region) if v > 0.5]
        out = B.floats(model.forward(Xm).y)
        correct = sum((o > 0.5) == (t == 1.0) for o, t in zip(out, ts))
        return Frame(
            demo="xor", step=epochs + epoch, total=total, stage="mlp", text=text,
            scalars={"epoch": epoch, "loss": losses[-1] if losses else B.mse(model.forward(Xm).y, Tm),
                     "correct": correct, "accuracy": correct / 4},
            weights={k: B.rows(v) if v.dim() > 1 else B.floats(v) for k, v in model.params().items()},
            charts=mlp_charts,
            series=[Series("loss", list(losses), list(loss_at), chart="loss", color="orange")],
            points=[Points("MLP output > 0.5", [p[0] for p in ones], [p[1] for p in ones], chart="regions",
                           marker="·", color="blue"), *data_points(xs, ts, "regions")],
            matrices=[
                Matrix("MLP outputs", [[*x, t, o] for x, t, o in zip(xs, ts, out)],
                       rows=["1", "2", "3", "4"], cols=["x₁", "x₂", "t", "y"]),
                *([Matrix("MLP output over the plane", [region[r * GRID:(r + 1) * GRID] for r in reversed(range(GRID))],
                          rows=[f"{g:.2f}" for g in reversed(grid)], cols=[f"{g:.2f}" for g in grid], kind="heatmap")]
                  if summary else []),
            ],
            pause=0.15,
            summary=summary,
        )

    for epoch in range(1, mlp_epochs + 1):
        f = model.forward(Xm)
        back = model.backward(f, Tm)
        model.update(back.grads, mlp_lr)  # Δw = −λ ∂loss/∂w for every weight
        if epoch % every == 0 or epoch == mlp_epochs:
            losses.append(B.mse(model.forward(Xm).y, Tm))
            loss_at.append(float(epoch))
            if epoch < mlp_epochs:
                yield mlp_frame(epoch, f"MLP epoch {epoch}: forward pass, deltas back through the hidden layer, "
                                       "each weight moved against its gradient. The hidden units let the "
                                       "boundary bend, which one line cannot.")
    out = B.floats(model.forward(Xm).y)
    correct = sum((o > 0.5) == (t == 1.0) for o, t in zip(out, ts))
    text = (f"With {hidden} hidden units the MLP gets {correct} of 4 after {mlp_epochs} epochs "
            f"(outputs {', '.join(f'{o:.2f}' for o in out)} for targets 0, 1, 1, 0). Each hidden unit draws "
            "its own line; the output unit combines them, so the regions need not be one half-plane.")
    if correct < 4:
        text += (f" This start has not solved XOR in {mlp_epochs} epochs (loss {losses[-1]:.3g}): try another "
                 "--seed, more --hidden units or --mlp-epochs.")
    summary = {
        "perceptron_converged": converged,
        "cycle_detected": cycle is not None,
        "cycle_start": cycle[0] if cycle else None,
        "cycle_length": cycle[1] if cycle else None,
        "perceptron_epochs": number,
        "perceptron_best_accuracy": (4 - best) / 4,
        "mlp_accuracy": correct / 4,
        "mlp_loss": losses[-1],
        "mlp_outputs": out,
        "hidden": hidden,
    }
    frame = mlp_frame(mlp_epochs, part1_text + "\n" + text, summary)
    # The final picture tells both halves: the perceptron's last boundary and errors, then the MLP.
    frame.charts = part1.charts + frame.charts
    frame.series = part1.series + frame.series
    frame.points = part1.points + frame.points
    frame.total = frame.step
    yield frame
