"""`xor`: the perceptron on XOR cycles forever; a one-hidden-layer MLP trained by backprop solves it.

Part 1 runs the same rule as `perceptron` and watches for a repeated weight state at the start
of an epoch: from there the run is periodic, so it can never converge (no line separates
XOR: Minsky and Papert's point). States are compared on the integer grid the rule walks on:
every update adds ±λx with x made of 0s and 1s, so (w − w_start)/λ stays whole, and rounding
it makes the comparison exact rather than a float coincidence.

Part 2 trains a 2-H-1 sigmoid MLP on all four examples by batch gradient descent, with the
deltas written out in `backend.MLP.backward`, and draws the regions it carves out.
"""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series
from dltutor.demos.perceptron import GATES, augment, boundary, data_points, fmt_w, train_epoch, weight_names

LIM = (-0.5, 1.5)
GRID = 17  # decision-region samples per axis
MLP_FRAMES = 40


def _state(w: "B.torch.Tensor", start: "B.torch.Tensor", lr: float) -> tuple[int, ...]:
    return tuple(round(v) for v in B.floats((w - start) / lr))


def run(lr: float = 0.1, epochs: int = 50, init: str = "zero", hidden: int = 4, mlp_lr: float = 2.0,
        mlp_epochs: int = 2000, seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    xs, ts = GATES["xor"]
    X, T = augment(xs), B.tensor(ts)
    w = B.uniform((3,), -0.5, 0.5, gen) if init == "random" else B.tensor([0.0, 0.0, 0.0])
    start = w.clone()
    total = epochs + mlp_epochs
    charts = [
        Chart("data", "XOR: the perceptron's boundary", xlabel="x₁", ylabel="x₂", xlim=LIM, ylim=LIM),
        Chart("errors", "perceptron: errors after each example", xlabel="examples seen", ylim=(0, 4)),
    ]
    seen: dict[tuple[int, ...], int] = {_state(w, start, lr): 0}
    errors: list[float] = []  # after every example: the oscillation
    history: list[list[float]] = []
    best = 4
    cycle: tuple[int, int] | None = None  # (first epoch of the cycle, its length)
    number = 0

    def perceptron_frame(text: str) -> Frame:
        wl = B.floats(w)
        bx, by = boundary(wl, LIM, LIM)
        return Frame(
            demo="xor", step=number, total=total, stage="perceptron", text=text,
            scalars={"epoch": number, "errors": B.perceptron_errors(w, X, T), "fewest errors": best,
                     "cycle": f"epochs {cycle[0]}–{cycle[0] + cycle[1]}" if cycle else "not yet"},
            weights={"w": wl}, charts=charts,
            series=[Series("boundary", by, bx, chart="data", color="blue"),
                    Series("errors", list(errors), [float(i) for i in range(1, len(errors) + 1)], chart="errors",
                           color="orange")],
            points=data_points(xs, ts, "data"),
            matrices=[Matrix("weights at the start of each epoch", [h[1:] for h in history[-8:]],
                             rows=[f"epoch {int(h[0])}" for h in history[-8:]], cols=[*weight_names(2), "errors after"])],
            pause=0.4,
        )

    for number in range(1, epochs + 1):
        history.append([float(number), *B.floats(w), 0.0])
        epoch = train_epoch(w, X, T, lr, number)
        history[-1][-1] = float(epoch.errors_after)
        best = min(best, epoch.best_errors, epoch.errors_after)
        errors.extend(float(e) for e in epoch.trace)
        state = _state(w, start, lr)
        if state in seen:
            cycle = (seen[state] + 1, number - seen[state])
            break
        seen[state] = number
        yield perceptron_frame(f"Perceptron epoch {number}: {epoch.mistakes} update(s), {epoch.errors_after} of 4 "
                               f"wrong afterwards; w = {fmt_w(B.floats(w))}. Watching for a weight state seen before.")
    converged = False  # no weights classify XOR: the theorem, and `best` below, agree
    if cycle:
        text = (f"Cycle: epoch {number} ended with exactly the weights epoch {cycle[0]} started with, so "
                f"{'that epoch' if cycle[1] == 1 else f'those {cycle[1]} epochs'} will repeat forever, updates and "
                f"all: the errors go up and down but never reach 0. The best any weights did was {4 - best} of 4. "
                "No straight line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other: XOR is not "
                "linearly separable, so no perceptron can learn it.")
    else:
        text = (f"After {number} epochs no weights got all 4 right (best: {4 - best} of 4), and no weight state "
                "repeated yet; more epochs (--epochs) would show the cycle.")
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
                                       "every weight moved against its gradient. The hidden units bend the "
                                       "boundary that one line could not.")
    out = B.floats(model.forward(Xm).y)
    correct = sum((o > 0.5) == (t == 1.0) for o, t in zip(out, ts))
    text = (f"With {hidden} hidden units the MLP gets {correct} of 4 after {mlp_epochs} epochs "
            f"(outputs {', '.join(f'{o:.2f}' for o in out)} for targets 0, 1, 1, 0). Each hidden unit draws "
            "its own line; the output unit combines them, so the regions need not be one half-plane.")
    if correct < 4:
        text += " This start got stuck: try another --seed, more --hidden units or --mlp-epochs."
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
