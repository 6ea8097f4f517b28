"""`regularization`: an over-large network on a few noisy points; early stopping, L2, L1 and dropout.

The data: y = sin(πx) + noise, `points` training points and 200 validation points with the same
noise. The model: 1 → `hidden` tanh units → 1, far more weights than points. Four copies start
from the same weights and train side by side with full-batch gradient descent on the MSE,
backpropagation written out below:

- none: the plain loss. Its lowest validation loss marks the early-stopping epoch.
- L2: lecture 8's RegLoss(w) = Loss(w) + γ/2 Σⱼ wⱼ², so each step adds γw to the gradient and
  every weight shrinks towards 0, but in proportion to its size: none reaches 0 exactly.
- L1: Loss(w) + γ Σⱼ |wⱼ|, stepped by its proximal rule w ← sign(w)·max(|w| − λγ, 0) after the
  gradient step: a weight whose pull from the data is weaker than γ lands on exactly 0.
- dropout: each step every hidden unit is dropped with probability p, the rest scaled by
  1/(1 − p) (inverted dropout), so nothing changes at evaluation, which uses all units.

The penalties apply to the weights, not the biases. The four copies are held in one tensor (a
leading axis of 4) so that each step is one set of operations for all of them.
"""

from __future__ import annotations

import math
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series

RUNS = ("none", "L2", "L1", "dropout")
COLORS = {"none": "red", "L2": "blue", "L1": "green", "dropout": "orange"}
VALIDATION = 200
FRAMES = 16
CURVE_POINTS = 200  # a loss curve drawn through at most this many epochs
SCALE = 5.0  # input weights ~ N(0, 5²): tanh units of many slopes, enough to bend through every point
GRID = 81


def setup(points: int, hidden: int, noise: float, seed: int) -> tuple:
    """The training points, the validation points, and the start (W1 1×H, b1 1×H, W2 H×1, b2 1×1)."""
    torch = B.torch
    gen = B.generator(seed)
    x = B.uniform((points, 1), -1.0, 1.0, gen)
    y = torch.sin(math.pi * x) + noise * B.normal((points, 1), gen)
    xv = B.tensor([[-1 + 2 * i / (VALIDATION - 1)] for i in range(VALIDATION)])
    yv = torch.sin(math.pi * xv) + noise * B.normal((VALIDATION, 1), gen)
    start = (SCALE * B.normal((1, hidden), gen), SCALE / 2 * B.normal((1, hidden), gen),
             B.normal((hidden, 1), gen) / math.sqrt(hidden), B.tensor([[0.0]]))
    return x, y, xv, yv, start


def run(points: int = 12, hidden: int = 64, epochs: int = 800, lr: float = 0.03, penalty: float = 0.01,
        dropout: float = 0.3, noise: float = 0.3, seed: int = 0) -> Iterator[Frame]:
    torch = B.torch
    x, y, xv, yv, (w1, c1, w2, c2) = setup(points, hidden, noise, seed)
    grid = B.tensor([[-1 + 2 * i / (GRID - 1)] for i in range(GRID)])
    R, H = len(RUNS), hidden
    # One start for all four, copied along the leading axis.
    W1, b1, W2, b2 = (t.expand(R, *t.shape).clone() for t in (w1, c1, w2, c2))
    l2 = B.tensor([0.0, penalty, 0.0, 0.0])[:, None, None]  # γ in the gradient, for the L2 copy only
    l1 = B.tensor([0.0, 0.0, lr * penalty, 0.0])[:, None, None]  # λγ, the L1 copy's threshold
    dropped = B.tensor([0.0, 0.0, 0.0, 1.0])[:, None, None]  # which copy uses dropout
    masks = B.generator(seed + 1)

    def losses() -> tuple[list[float], list[float]]:
        train = ((torch.tanh(x @ W1 + b1) @ W2 + b2 - y) ** 2).mean((1, 2))
        val = ((torch.tanh(xv @ W1 + b1) @ W2 + b2 - yv) ** 2).mean((1, 2))
        return B.floats(train), B.floats(val)

    train_hist: dict[str, list[float]] = {r: [] for r in RUNS}
    val_hist: dict[str, list[float]] = {r: [] for r in RUNS}
    epochs_seen: list[float] = []

    def record(epoch: int) -> None:
        train, val = losses()
        for k, r in enumerate(RUNS):
            train_hist[r].append(train[k])
            val_hist[r].append(val[k])
        epochs_seen.append(float(epoch))

    record(0)
    every = max(1, epochs // FRAMES)
    diverged = False

    def zeros() -> list[int]:
        return [int((W1[k] == 0).sum() + (W2[k] == 0).sum()) for k in range(R)]

    def best() -> tuple[int, float]:
        hist = val_hist["none"]
        i = min(range(len(hist)), key=lambda j: (hist[j] if math.isfinite(hist[j]) else math.inf, j))
        return int(epochs_seen[i]), hist[i]

    def frame(epoch: int, text: str, summary: dict | None = None, total: int = epochs) -> Frame:
        params = {}
        if summary is not None:  # the trained weights, in the last frame, for anyone who wants to check
            for k, r in enumerate(RUNS):
                params.update({f"{r} W1": B.floats(W1[k]), f"{r} b1": B.floats(b1[k]), f"{r} W2": B.floats(W2[k]),
                               f"{r} b2": B.floats(b2[k])})
        fits = B.rows((torch.tanh(grid @ W1 + b1) @ W2 + b2)[:, :, 0])
        gx = B.floats(grid)
        top = max([v for r in RUNS for v in val_hist[r] + train_hist[r] if math.isfinite(v)] or [1.0])
        stop, _ = best()
        series = [Series("sin(πx)", [math.sin(math.pi * v) for v in gx], gx, chart="fit", color="gray")]
        series += [Series(r, [max(-3.0, min(3.0, v)) for v in fits[k]], gx, chart="fit", color=COLORS[r])
                   for k, r in enumerate(RUNS)]
        pick = [*range(0, len(epochs_seen) - 1, max(1, len(epochs_seen) // CURVE_POINTS)), len(epochs_seen) - 1]
        at = [epochs_seen[i] for i in pick]
        series += [Series("none, train", [train_hist["none"][i] for i in pick], at, chart="loss", color="magenta")]
        series += [Series(f"{r}, validation", [val_hist[r][i] for i in pick], at, chart="loss", color=COLORS[r])
                   for r in RUNS]
        series.append(Series("early stop", [0.0, top], [float(stop), float(stop)], chart="loss", color="gray"))
        z = zeros()
        weights = [B.floats(W1[k]) + B.floats(W2[k]) for k in range(R)]
        # Drawn as rows of 16, each layer divided by its largest |w| over the L2 and L1 copies: the
        # input weights are ~50 times the output ones, and would leave those all one shade.
        cols = min(16, H)
        reach = [max(float(W1[1:3].abs().max()), 1e-12), max(float(W2[1:3].abs().max()), 1e-12)]

        def layout(k: int) -> list[list[float | None]]:
            parts = [[v / reach[0] for v in weights[k][:H]], [v / reach[1] for v in weights[k][H:]]]
            return [part[i:i + cols] + [None] * (cols - len(part[i:i + cols])) for part in parts
                    for i in range(0, H, cols)]

        half = -(-H // cols)  # rows taken by the input weights
        maps = [Matrix(f"{r}: weights in (rows 1–{half}), out ({half + 1}–{2 * half})", layout(k), kind="heatmap",
                       limits=(-1.0, 1.0), mark_label="exactly 0",
                       marked=[[(i // H) * half + (i % H) // cols, (i % H) % cols]
                               for i, v in enumerate(weights[k]) if v == 0]) for k, r in ((1, "L2"), (2, "L1"))]
        table = Matrix(f"epoch {epoch}", [[train_hist[r][-1], val_hist[r][-1], float(z[k]),
                                           sum(abs(v) for v in weights[k])] for k, r in enumerate(RUNS)],
                       rows=list(RUNS), cols=["train loss", "val loss", "zeros", "Σ|w|"])
        return Frame(
            demo="regularization", step=epoch, total=total, stage="epoch", text=text,
            scalars={"epoch": epoch, "train": train_hist["none"][-1], "val": val_hist["none"][-1],
                     "early stop": stop, "L1 zeros": z[2]},
            charts=[Chart("fit", "the data and the four fits", xlabel="x", xlim=(-1, 1), ylim=(-2.5, 2.5)),
                    Chart("loss", "loss (MSE) per epoch", xlabel="epoch", xlim=(0, max(epochs, 1)), ylim=(0, 1.2 * top))],
            series=series,
            points=[Points("training points", B.floats(x), B.floats(y), chart="fit", marker="●")],
            weights=params, matrices=[table, *maps], pause=0.45, summary=summary,
        )

    intro = (f"{points} noisy points of sin(πx), a 1-{H}-1 tanh network with {3 * H + 1} parameters: far more than "
             f"points. Four copies from the same start: none, L2 and L1 at γ = {penalty:g}, and dropout at p = "
             f"{dropout:g}.")
    yield frame(0, intro)
    for epoch in range(1, epochs + 1):
        h = torch.tanh(x @ W1 + b1)  # R × n × H
        keep = (torch.rand(h.shape[1:], generator=masks, dtype=B.DTYPE).to(h.device) >= dropout).to(B.DTYPE)
        m = 1 + dropped * (keep / (1 - dropout) - 1)  # the dropout copy's mask, ones for the others
        hd = h * m
        out = hd @ W2 + b2
        delta = 2 * (out - y) / points  # ∂loss/∂out
        gW2 = hd.transpose(1, 2) @ delta + l2 * W2  # + γw: the L2 penalty's gradient
        gb2 = delta.sum(1, keepdim=True)
        dz = (delta @ W2.transpose(1, 2)) * m * (1 - h * h)  # back through the mask and tanh' = 1 − tanh²
        gW1 = x.T @ dz + l2 * W1
        gb1 = dz.sum(1, keepdim=True)
        W1 -= lr * gW1
        b1 -= lr * gb1
        W2 -= lr * gW2
        b2 -= lr * gb2
        for P in (W1, W2):  # L1's proximal step: sign(w)·max(|w| − λγ, 0)
            P.copy_(torch.sign(P) * torch.clamp(P.abs() - l1, min=0.0))
        record(epoch)
        if not all(math.isfinite(val_hist[r][-1]) for r in RUNS):
            diverged = True
            break
        if epoch % every == 0 and epoch < epochs:
            stop, low = best()
            yield frame(epoch, f"Epoch {epoch}: training loss {train_hist['none'][-1]:.3g}, validation loss "
                        f"{val_hist['none'][-1]:.3g} without a penalty; its lowest so far, {low:.3g}, was at epoch "
                        f"{stop}. " + intro)
    last = int(epochs_seen[-1])
    stop, low = best()
    z = zeros()
    final = {r: val_hist[r][-1] for r in RUNS}
    lines = []
    if diverged:
        lines.append(f"At λ = {lr:g} training diverged at epoch {last}: the loss is no longer a finite number; "
                     "lower --lr.")
    else:
        rise = final["none"] - low
        if stop < last and rise > 0:
            lines.append(f"Without a penalty the training loss fell to {train_hist['none'][-1]:.3g}, but the "
                         f"validation loss was lowest at epoch {stop} ({low:.3g}) and ended at {final['none']:.3g}: "
                         f"after epoch {stop} the network fit the noise. Early stopping keeps epoch {stop}.")
        else:
            lines.append(f"Without a penalty the validation loss was still falling at epoch {last} ({final['none']:.3g}): "
                         "no overfitting yet, so early stopping would keep the last epoch; try more --epochs.")
        ranked = sorted(("L2", "L1", "dropout"), key=lambda r: final[r])
        better = [r for r in ranked if final[r] < final["none"]]
        lines.append("Final validation loss: " + ", ".join(f"{r} {final[r]:.3g}" for r in RUNS) + ". "
                     + (f"Lower than none's: {', '.join(better)}." if better else "None beat the plain network here."))
    lines.append(f"Exactly zero of the {2 * H} weights: L2 {z[1]}, L1 {z[2]}. L2 shrinks each weight in proportion to "
                 f"its size, so it stops short of 0; L1 pulls by a fixed γ and sets a weight to 0 once the data's "
                 f"pull on it is weaker.")
    summary = {
        "best_epoch": stop,
        "train_loss": train_hist["none"][-1],
        "val_loss": final["none"],
        "val_loss_at_best": low,
        "l1_zero_weights": z[2],
        "l2_zero_weights": z[1],
        "dropout_val_loss": final["dropout"],
        "l1_val_loss": final["L1"],
        "l2_val_loss": final["L2"],
        "weights": 2 * H,
        "epochs": last,
        "diverged": diverged,
        "penalty": penalty,
        "dropout": dropout,
        "points": points,
    }
    yield frame(last, " ".join(lines), summary, total=last)
