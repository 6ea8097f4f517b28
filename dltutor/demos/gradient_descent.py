"""`gradient-descent`: batch GD, SGD and mini-batch on the same data, and the learning rate's limit.

All three follow the lecture's Δw = −λ ∂loss/∂w (λ is the learning rate, as in the lectures);
they differ in how many examples each gradient averages over: all of them (batch), one (SGD),
or `batch_size` (mini-batch). L is the largest eigenvalue of the loss's Hessian; the demo never
writes it as λ.

On a quadratic loss, MSE for a linear model, the Hessian H = 2XᵀX/n is the same everywhere, and
a batch step maps the error e = w − w* to (I − λH)e: along H's top eigenvector it is multiplied
by 1 − λL. So batch GD converges for λ < 2/L and diverges past it, however the loss happens to
compare with its start after a few epochs; the demo decides so, and measures that error along
the run. SGD and mini-batch steps use their batch's own Hessian: the product of the run's step
matrices says whether their steps amplified errors. Cross-entropy is not a quadratic: there L
only bounds the curvature, so below 2/L every batch step lowers the loss, and past it nothing is
promised either way; the demo reports what the loss did and calls a run diverged only if its loss
blew up.
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


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _vs_one(value: float) -> str:
    """A factor compared with 1, with enough digits that it does not read as 1 when it is not."""
    for digits in range(4, 17):
        text = f"{value:.{digits}g}"
        if (abs(float(text)) == 1) == (abs(value) == 1):
            return text
    return repr(value)


def _beside(limit: float, lr: float) -> str:
    """The limit with enough digits to stand on the same side of λ as it really does."""
    for digits in range(4, 17):
        text = f"{limit:.{digits}g}"
        shown = float(text)
        if (shown > lr) == (limit > lr) and (shown < lr) == (limit < lr):
            return text
    return repr(limit)


def _rises(trace: list[float]) -> int:
    """Epochs in which the loss went up."""
    return sum(b > a for a, b in zip(trace, trace[1:]))


def run(data: str = "regression", points: int = 64, lr: float = 0.5, epochs: int = 30, batch_size: int = 8,
        noise: float = 0.3, seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    X, y = make_data(data, points, noise, gen)
    n = len(y)
    quadratic = data == "regression"
    L = B.curvature(X, data)
    limit = 2.0 / L
    # One example's loss (x·w − y)² has Hessian 2xxᵀ: SGD's steps have their own, smaller limit.
    sgd_limit = 2.0 / (2.0 * float((X * X).sum(1).max())) if quadratic else None
    w0 = B.tensor([0.0] * X.shape[1])
    start_loss = B.linear_loss(w0, X, y, data)
    sizes = {"batch": n, "sgd": 1, "minibatch": min(batch_size, n)}
    per_epoch = {m: math.ceil(n / sizes[m]) for m in METHODS}
    weights = {m: w0.clone() for m in METHODS}
    traces: dict[str, list[float]] = {m: [start_loss] for m in METHODS}
    blown: dict[str, int | None] = {m: None for m in METHODS}  # the epoch the loss blew up in
    products = {m: B.StepProduct(X) for m in METHODS} if quadratic else {}
    rates = [f * limit for f in SWEEP]
    sweep_w = [w0.clone() for _ in rates]
    sweep: list[list[float]] = [[start_loss] for _ in rates]

    if quadratic:
        eigenvalues, eigenvectors = B.eigen(B.mse_hessian(X))
        top = B.tensor(eigenvectors[-1])
        w_star = B.least_squares(X, y)
        top_error = [float(top @ (w0 - w_star))]  # batch GD's error along the top eigenvector, per epoch

    def step(w: "B.torch.Tensor", idx: list[int], rate: float, m: str | None = None) -> None:
        # Δw = −λ ∂loss/∂w, the gradient averaged over the examples in idx.
        w -= rate * B.linear_gradient(w, X[idx], y[idx], data)
        if m is not None and quadratic:
            products[m].step(idx, rate)

    def record(trace: list[float], w: "B.torch.Tensor") -> bool:
        loss = B.linear_loss(w, X, y, data)
        gone = not math.isfinite(loss) or loss > BLOWUP * max(start_loss, 1e-12)
        trace.append(math.inf if gone else loss)
        return gone

    ceiling = 1.3 * start_loss
    charts = [
        Chart("loss", f"loss per epoch at λ = {lr:g}", xlabel="epoch", ylim=(0, ceiling)),
        Chart("sweep", "batch GD at λ = 0.5×, 0.9×, 1.1× 2/L", xlabel="epoch", ylim=(0, ceiling)),
    ]
    where = "below" if lr < limit else "exactly at" if lr == limit else "past"
    if quadratic:
        intro = (f"MSE is a quadratic in w: batch GD converges for λ < 2/L = {_beside(limit, lr)} (L = {L:.4g}, its "
                 f"Hessian's top eigenvalue) and diverges past it; λ = {lr:g} is {where} it.")
    else:
        intro = (f"Cross-entropy is not a quadratic: L = {L:.4g} only bounds its Hessian's top eigenvalue, so below "
                 f"2/L = {_beside(limit, lr)} every batch GD step lowers the loss and past it nothing is promised (a "
                 f"safe rate, not a sharp limit). λ = {lr:g} is {where} it.")

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
            if blown[m] is not None:
                traces[m].append(math.inf)
                continue
            for i in range(0, n, sizes[m]):
                step(weights[m], order[i:i + sizes[m]] if m != "batch" else list(range(n)), lr, m)
            if record(traces[m], weights[m]):
                blown[m] = epoch
            elif m == "batch" and quadratic:
                top_error.append(float(top @ (weights[m] - w_star)))
        for k, rate in enumerate(rates):
            if math.isinf(sweep[k][-1]):
                sweep[k].append(math.inf)
                continue
            step(sweep_w[k], list(range(n)), rate)
            record(sweep[k], sweep_w[k])
        if epoch < epochs:
            running = [m for m in METHODS if blown[m] is None]
            made = ", ".join(f"{LABELS[m]} {per_epoch[m]}" for m in running)
            stopped = [LABELS[m] for m in METHODS if blown[m] is not None]
            yield frame(epoch, (f"Epoch {epoch}: updates made: {made}. " if running else f"Epoch {epoch}. ")
                        + (f"Stopped, the loss past 10⁶ × its start: {_names(stopped)}. " if stopped else "") + intro)

    finals = {m: traces[m][-1] for m in METHODS}
    growth = {m: products[m].log_norm() for m in METHODS} if quadratic else {}
    top_factor = abs(1 - lr * L)  # the error along the top eigenvector, per batch step

    def diverges(m: str) -> bool:
        if blown[m] is not None:
            return True
        if not quadratic:
            return False  # cross-entropy: only a blown-up loss counts (see the module docstring)
        return top_factor > 1 if m == "batch" else growth[m] > 0

    diverged = {m: diverges(m) for m in METHODS}
    sweep_factors = [abs(1 - r * L) for r in rates]
    sweep_diverged = [f > 1 if quadratic else math.isinf(s[-1]) for f, s in zip(sweep_factors, sweep)]

    lines = [intro]
    if quadratic:
        lines.append(_batch_verdict(lr, L, limit, top_factor, eigenvalues, top_error, blown["batch"], finals["batch"],
                                    start_loss, epochs))
        for m in ("sgd", "minibatch"):
            if diverged[m] and sizes[m] < n:
                lines.append(_stochastic_divergence(m, sizes[m], lr, blown[m], growth[m], products[m].top_curvature))
    else:
        lines += _cross_entropy_verdicts(lr, limit, traces, blown, start_loss, epochs)
    lines += _comparison(traces, diverged, per_epoch, sizes, n, epochs)
    if quadratic:
        lines.append("Right: batch GD at 0.5×, 0.9×, 1.1× 2/L has |1 − λL| = "
                     + ", ".join(f"{round(fac, 6):g}" for fac in sweep_factors) + ": "
                     + ", ".join("diverges" if d else "converges" for d in sweep_diverged) + ".")
    else:
        ends = ", ".join("blew up" if math.isinf(s[-1]) else f"{s[-1]:.3g}" for s in sweep)
        line = (f"Right: batch GD at 0.5×, 0.9×, 1.1× 2/L: loss {ends} after {epochs} epoch{'s' if epochs > 1 else ''} "
                f"(start {start_loss:.3g})")
        if math.isfinite(sweep[-1][-1]) and sweep[-1][-1] < start_loss:
            line += "; past 2/L, 1.1× still lowered it"
        line += "."
        lines.append(line)

    methods = {}
    for m in METHODS:
        methods[m] = {"final_loss": finals[m], "diverged": diverged[m], "batch_size": sizes[m],
                      "updates_per_epoch": per_epoch[m], "loss_after_epoch_1": traces[m][1] if epochs else None,
                      "loss_rises": _rises([v for v in traces[m] if math.isfinite(v)]), "blew_up_in_epoch": blown[m]}
        if quadratic:
            methods[m]["error_growth"] = _exp(growth[m])  # ‖P‖: how much its steps multiplied an error
    summary = {
        "methods": methods,
        "lr": lr,
        "L": L,
        "stability_limit": limit,
        "sgd_limit": sgd_limit,
        "start_loss": start_loss,
        "sweep": [{"lr": r, "final_loss": s[-1], "diverged": d, "top_factor": f if quadratic else None}
                  for r, s, d, f in zip(rates, sweep, sweep_diverged, sweep_factors)],
        "data": data,
        "epochs": epochs,
    }
    if quadratic:
        summary["top_factor"] = top_factor
        summary["top_error_growth"] = abs(top_error[-1] / top_error[0]) if top_error[0] else None
    yield frame(epochs, " ".join(lines), summary)


def _exp(log: float) -> float:
    return math.exp(log) if log < 700 else math.inf


def _batch_verdict(lr: float, L: float, limit: float, factor: float, eigenvalues: list[float], top_error: list[float],
                   blown: int | None, final: float, start: float, epochs: int) -> str:
    """Batch GD on the quadratic: the theory's verdict, then what the run measured along the top eigenvector."""
    if factor < 1:
        worst = max(abs(1 - lr * e) for e in eigenvalues)
        return (f"Batch GD converges: each step multiplies its error along each Hessian eigenvector by "
                f"|1 − λ·eigenvalue| ≤ {_vs_one(worst)} < 1.")
    if factor == 1:
        return ("Batch GD sits on the limit: 1 − λL = −1, so its error along the top eigenvector flips sign each "
                "step, neither shrinking nor growing.")
    text = (f"Batch GD diverges: each step multiplies its error along the top eigenvector by 1 − λL = "
            f"{_vs_one(1 - lr * L)}.")
    if blown is not None:
        return text + f" Its loss blew up past 10⁶ × its start in epoch {blown}."
    steps = len(top_error) - 1
    if top_error[0] == 0 or steps == 0:
        return text
    text += (f" Here it grew ×{abs(top_error[-1] / top_error[0]):.4g} in {steps} "
             f"step{'s' if steps > 1 else ''}, = |1 − λL|^{steps}")
    if final < start:
        text += (f"; the loss, {final:.3g}, is below its start ({start:.3g}) only because the other direction "
                 "shrank, and will grow without bound")
    return text + "."


def _stochastic_divergence(m: str, size: int, lr: float, blown: int | None, log_growth: float, curvature: float) -> str:
    """SGD or mini-batch on the quadratic, when the run's own steps amplified errors."""
    label = LABELS[m]
    if blown is not None:
        text = f"{_cap(label)} diverges: its loss passed 10⁶ × its start in epoch {blown}."
    else:
        text = f"{_cap(label)} diverges: its steps multiplied the error w − w* by up to ×{_exp(log_growth):.3g}."
    if curvature > 0 and lr * curvature > 2:
        which = "one example's own curvature reaches" if size == 1 else "a batch's own curvature reached"
        text = text[:-1] + f" ({which} {curvature:.3g}, so past λ = {2 / curvature:.3g} its step overshoots)."
    return text


def _cross_entropy_verdicts(lr: float, limit: float, traces: dict[str, list[float]], blown: dict[str, int | None],
                            start: float, epochs: int) -> list[str]:
    lines: list[str] = []
    rises = _rises(traces["batch"])
    if blown["batch"] is None and lr < limit and rises == 0:
        lines.append(f"Batch GD's loss fell in each of the {epochs} epochs.")
    elif blown["batch"] is None and rises == 0:
        lines.append(f"Past 2/L, batch GD's loss still fell in each of the {epochs} epochs.")
    elif blown["batch"] is None:
        lines.append(f"Batch GD's loss rose in {rises} of {epochs} epochs and ended at {traces['batch'][-1]:.3g} "
                     f"(start {start:.3g}).")
    for m in METHODS:
        if blown[m] is not None:
            lines.append(f"{_cap(LABELS[m])}'s loss blew up past 10⁶ × its start in epoch {blown[m]}: lower --lr.")
        elif m != "batch" and traces[m][-1] > start:
            lines.append(f"{_cap(LABELS[m])}'s loss ended above its start ({traces[m][-1]:.3g} > {start:.3g}).")
    return lines


def _comparison(traces: dict[str, list[float]], diverged: dict[str, bool], per_epoch: dict[str, int],
                sizes: dict[str, int], n: int, epochs: int) -> list[str]:
    """Losses after one epoch and at the end, and what this run's numbers say about more updates per epoch."""
    kept = [m for m in METHODS if not diverged[m]]
    if not kept or epochs == 0:
        return []
    first = ", ".join(f"{LABELS[m]} {traces[m][1]:.3g}" for m in kept)
    last = ", ".join(f"{LABELS[m]} {traces[m][-1]:.3g}" for m in kept)
    lines = [f"Loss after 1 epoch: {first}; after {epochs}: {last}."]
    more = [m for m in kept if m != "batch" and per_epoch[m] > 1]
    if "batch" in kept and more:
        faster = [LABELS[m] for m in more if traces[m][1] < traces["batch"][1]]
        slower = [LABELS[m] for m in more if traces[m][1] >= traces["batch"][1]]
        if not slower:
            lines.append("More updates per epoch made a faster start here.")
        elif not faster:
            lines.append("More updates per epoch did not make a faster start here.")
        else:
            lines.append(f"After 1 epoch {_names(faster)} {'is' if len(faster) == 1 else 'are'} below batch GD, "
                         f"{_names(slower)} not: more updates per epoch do not always make a faster start.")
    noisy = [m for m in kept if sizes[m] < n]
    if noisy:
        counted = noisy + (["batch"] if "batch" in kept else [])
        rises = ", ".join(f"{LABELS[m]} {_rises(traces[m])}" for m in counted)
        lines.append(f"{_cap(_names([LABELS[m] for m in noisy]))} use{'s' if len(noisy) == 1 else ''} part of the "
                     f"data per step, so {'its' if len(noisy) == 1 else 'their'} steps are noisy; epochs of {epochs} "
                     f"with the loss rising: {rises}.")
    return lines
