"""`gradient-descent`: batch GD, SGD and mini-batch on the same data, and the learning rate's limit.

All three follow Δw = −λ ∂loss/∂w; they differ in how many examples each gradient averages
over: all of them (batch), one (SGD), or `batch_size` (mini-batch). On a quadratic loss,
such as MSE for a linear model, batch GD shrinks the error along the Hessian's top eigenvector
by |1 − λL| per step, L its largest eigenvalue: it converges when λ < 2/L and diverges past it.
"""

from __future__ import annotations

import math
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Series

METHODS = ("batch", "sgd", "minibatch")
LABELS = {"batch": "batch GD", "sgd": "SGD", "minibatch": "mini-batch"}
COLORS = {"batch": "blue", "sgd": "red", "minibatch": "green"}
SWEEP = (0.5, 0.9, 1.1)  # batch GD at these multiples of 2/L
BLOWUP = 1e6  # a loss this many times the starting one is not worth following further


def make_data(kind: str, points: int, noise: float, gen: "B.torch.Generator") -> tuple["B.torch.Tensor", "B.torch.Tensor"]:
    """Regression: y = 2x − 1 + noise, x in [−1, 1]. Classification: two Gaussian blobs, t ∈ {0, 1}."""
    if kind == "regression":
        x = B.uniform((points,), -1.0, 1.0, gen)
        y = 2 * x - 1 + noise * B.normal((points,), gen)
        return B.with_bias(x[:, None]), y
    t = B.tensor([float(i % 2) for i in range(points)])
    centres = (2 * t - 1)[:, None] * B.tensor([1.0, 1.0])
    P = centres + (0.5 + noise) * B.normal((points, 2), gen)
    return B.with_bias(P), t


def run(data: str = "regression", points: int = 64, lr: float = 0.5, epochs: int = 30, batch_size: int = 8,
        noise: float = 0.3, seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    X, y = make_data(data, points, noise, gen)
    n = len(y)
    L = B.curvature(X, data)
    limit = 2.0 / L
    # One example's loss (x·w − y)² has Hessian 2xxᵀ: SGD's steps have their own, smaller limit.
    sgd_limit = 2.0 / (2.0 * float((X * X).sum(1).max())) if data == "regression" else None
    w0 = B.tensor([0.0] * X.shape[1])
    start_loss = B.linear_loss(w0, X, y, data)
    sizes = {"batch": n, "sgd": 1, "minibatch": min(batch_size, n)}
    weights = {m: w0.clone() for m in METHODS}
    traces: dict[str, list[float]] = {m: [start_loss] for m in METHODS}
    diverged = {m: False for m in METHODS}
    rates = [f * limit for f in SWEEP]
    sweep_w = [w0.clone() for _ in rates]
    sweep: list[list[float]] = [[start_loss] for _ in rates]

    def step(w: "B.torch.Tensor", idx: list[int], rate: float) -> None:
        # Δw = −λ ∂loss/∂w, the gradient averaged over the examples in idx.
        w -= rate * B.linear_gradient(w, X[idx], y[idx], data)

    def record(trace: list[float], w: "B.torch.Tensor") -> bool:
        loss = B.linear_loss(w, X, y, data)
        blown = not math.isfinite(loss) or loss > BLOWUP * max(start_loss, 1e-12)
        trace.append(math.inf if blown else loss)
        return blown

    top = 1.3 * start_loss
    charts = [
        Chart("loss", f"loss per epoch at λ = {lr:g}", xlabel="epoch", ylim=(0, top)),
        Chart("sweep", "batch GD at λ = 0.5×, 0.9×, 1.1× 2/L", xlabel="epoch", ylim=(0, top)),
    ]
    kind = "MSE, a quadratic" if data == "regression" else "cross-entropy"
    where = "below" if lr < limit else "past"
    intro = (f"Loss: {kind}. Its curvature L = {L:.4g}, so batch GD is stable for λ < 2/L = {limit:.4g}; "
             f"λ = {lr:g} is {where} that limit.")
    if data != "regression":
        intro += " For cross-entropy L is an upper bound, so 2/L is a safe rate rather than a sharp cliff."

    def frame(epoch: int, text: str, summary: dict | None = None) -> Frame:
        xs = [float(e) for e in range(epoch + 1)]
        series = [Series(LABELS[m], traces[m][:], xs, chart="loss", color=COLORS[m]) for m in METHODS]
        series += [Series(f"{f:g}×", s[:], xs, chart="sweep", color=c)
                   for f, s, c in zip(SWEEP, sweep, ("green", "blue", "red"))]
        return Frame(
            demo="gradient-descent", step=epoch, total=epochs, stage="epoch", text=text,
            scalars={"epoch": epoch, "λ": lr, "L": L, "2/L": limit,
                     **{f"{LABELS[m]} loss": traces[m][-1] for m in METHODS}},
            weights={m: B.floats(weights[m]) for m in METHODS},
            charts=charts, series=series, pause=0.2, summary=summary,
        )

    yield frame(0, intro + " All three methods start from w = 0.")
    for epoch in range(1, epochs + 1):
        order = B.permutation(n, gen)  # one shuffle per epoch, shared by SGD and mini-batch
        for m in METHODS:
            if diverged[m]:
                traces[m].append(math.inf)
                continue
            for i in range(0, n, sizes[m]):
                step(weights[m], order[i:i + sizes[m]] if m != "batch" else list(range(n)), lr)
            diverged[m] = record(traces[m], weights[m])
        for k, rate in enumerate(rates):
            if math.isinf(sweep[k][-1]):
                sweep[k].append(math.inf)
                continue
            step(sweep_w[k], list(range(n)), rate)
            record(sweep[k], sweep_w[k])
        if epoch < epochs:
            gone = [LABELS[m] for m in METHODS if diverged[m]]
            yield frame(epoch, f"Epoch {epoch}: batch GD made 1 update, mini-batch {math.ceil(n / sizes['minibatch'])}, "
                        f"SGD {n}. " + (f"Blown up: {', '.join(gone)}. " if gone else "") + intro)
    finals = {m: traces[m][-1] for m in METHODS}
    # Ended above where it started (or blew up): on a quadratic this happens only past 2/L.
    diverged = {m: not math.isfinite(finals[m]) or finals[m] > start_loss for m in METHODS}
    sweep_diverged = [not math.isfinite(s[-1]) or s[-1] > start_loss for s in sweep]
    lines = [intro]
    gone = [LABELS[m] for m in METHODS if diverged[m]]
    if gone:
        lines.append(f"Diverged: {', '.join(gone)}: each step overshoots the minimum by more than it corrects, "
                     "so the loss ends higher than it began; lower --lr.")
        if diverged["sgd"] and not diverged["batch"] and sgd_limit is not None:
            lines.append(f"SGD steps on one example at a time, whose own curvature 2‖xᵢ‖² reaches "
                         f"{2 / sgd_limit:.3g}: past λ ≈ {sgd_limit:.3g} its steps can overshoot.")
    kept = [m for m in METHODS if not diverged[m]]
    if kept:
        first = ", ".join(f"{LABELS[m]} {traces[m][1]:.3g}" for m in kept)
        last = ", ".join(f"{LABELS[m]} {finals[m]:.3g}" for m in kept)
        lines.append(f"Loss after one epoch: {first}; after {epochs}: {last}. More updates per epoch "
                     "(SGD, mini-batch) make a faster start; a small batch only estimates the gradient, "
                     "so its steps are noisy and its loss wobbles.")
    verdicts = [f"{f:g}× {'diverges' if d else 'converges'}" for f, d in zip(SWEEP, sweep_diverged)]
    lines.append(f"Right, batch GD around the limit {limit:.3g}: " + ", ".join(verdicts) + ".")
    summary = {
        "methods": {m: {"final_loss": finals[m], "diverged": diverged[m], "batch_size": sizes[m]} for m in METHODS},
        "lr": lr,
        "L": L,
        "stability_limit": limit,
        "sgd_limit": sgd_limit,
        "start_loss": start_loss,
        "sweep": [{"lr": r, "final_loss": s[-1], "diverged": d} for r, s, d in zip(rates, sweep, sweep_diverged)],
        "data": data,
        "epochs": epochs,
    }
    yield frame(epochs, " ".join(lines), summary)
