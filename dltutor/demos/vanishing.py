"""`vanishing`: gradient norms layer by layer in a deep MLP, for four activations; dying ReLU.

The network: `depth` hidden layers of `width` units, zₗ = Wₗhₗ₋₁ + bₗ, hₗ = g(zₗ) (with
`residual`, hₗ = hₗ₋₁ + g(zₗ) from the second layer on), then one linear output, MSE against
random targets ±1 on a fixed random batch. Backpropagation is written out: the output's
δ = ∂loss/∂ŷ, then for each layer from the top δₗ = (∂loss/∂hₗ) ⊙ g'(zₗ), ∂loss/∂Wₗ = δₗᵀhₗ₋₁,
and ∂loss/∂hₗ₋₁ = δₗWₗ (plus ∂loss/∂hₗ itself through a skip connection). Every gradient is
checked against torch autograd. Each layer multiplies the gradient by g'(z) and by its
weights; a sigmoid's slope is at most 1/4, so in a deep sigmoid stack the first layers' gradients
shrink by orders of magnitude.

Dying ReLU: the same network, from the same start, takes one step at a learning rate far too
large (`big_lr`). A unit whose z is then ≤ 0 on every input is silent; where also g'(z) = 0
(ReLU) the gradient of every weight into it is exactly 0, so gradient descent cannot move them
and the unit cannot come back: dead. Leaky ReLU's slope α below 0 keeps that gradient alive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series

ACTIVATIONS = ("sigmoid", "tanh", "ReLU", "leaky ReLU")
COLORS = {"sigmoid": "blue", "tanh": "green", "ReLU": "red", "leaky ReLU": "orange"}
INPUTS = 8
BATCH = 64
ALPHA = 0.01  # leaky ReLU's slope for z < 0


@dataclass
class Net:
    """Weights W[l] (out × in) and biases b[l]; the last pair is the linear output layer."""

    W: list["B.torch.Tensor"]
    b: list["B.torch.Tensor"]

    @classmethod
    def init(cls, depth: int, width: int, init: str, gen: "B.torch.Generator") -> "Net":
        sizes = [INPUTS] + [width] * depth + [1]
        W, b = [], []
        for fan_in, fan_out in zip(sizes, sizes[1:]):
            if init == "default":  # torch.nn.Linear's own: U(−1/√fan_in, 1/√fan_in) for both
                bound = 1 / math.sqrt(fan_in)
                W.append(B.uniform((fan_out, fan_in), -bound, bound, gen))
                b.append(B.uniform((fan_out,), -bound, bound, gen))
                continue
            std = math.sqrt(2 / (fan_in + fan_out)) if init == "xavier" else math.sqrt(2 / fan_in)
            W.append(std * B.normal((fan_out, fan_in), gen))
            b.append(B.tensor([0.0] * fan_out))
        return cls(W, b)

    def copy(self) -> "Net":
        return Net([w.clone() for w in self.W], [v.clone() for v in self.b])


def forward(net: Net, X: "B.torch.Tensor", act: B.Activation, residual: bool) -> tuple[list, list, "B.torch.Tensor"]:
    """The pre-activations zₗ, the layer outputs hₗ (h₀ = X) and the prediction ŷ."""
    hs, zs = [X], []
    for l in range(len(net.W) - 1):
        z = hs[-1] @ net.W[l].T + net.b[l]
        h = act.g(z)
        if residual and l > 0:
            h = h + hs[-1]
        zs.append(z)
        hs.append(h)
    return zs, hs, (hs[-1] @ net.W[-1].T + net.b[-1])[:, 0]


def backward(net: Net, zs: list, hs: list, y: "B.torch.Tensor", T: "B.torch.Tensor", act: B.Activation,
             residual: bool) -> tuple[list, list]:
    """∂loss/∂Wₗ and ∂loss/∂bₗ by the chain rule, for loss = mean (ŷ − t)²."""
    n = len(T)
    delta = (2 * (y - T) / n)[:, None]  # ∂loss/∂ŷ
    gW = [None] * len(net.W)
    gb = [None] * len(net.W)
    gW[-1], gb[-1] = delta.T @ hs[-1], delta.sum(0)
    dh = delta @ net.W[-1]  # ∂loss/∂h of the last hidden layer
    for l in reversed(range(len(net.W) - 1)):
        delta = dh * act.dg(zs[l])  # δₗ = ∂loss/∂hₗ ⊙ g'(zₗ)
        gW[l], gb[l] = delta.T @ hs[l], delta.sum(0)
        through = delta @ net.W[l]  # back through the weights
        dh = through + dh if residual and l > 0 else through  # and along the skip connection
    return gW, gb


def autograd_diff(net: Net, X: "B.torch.Tensor", T: "B.torch.Tensor", act: B.Activation, residual: bool,
                  gW: list) -> float:
    """The largest gap between the hand-made ∂loss/∂Wₗ and autograd's, relative to each layer's size."""
    torch = B.torch
    leaves = [w.detach().clone().requires_grad_(True) for w in net.W]
    h = X
    for l in range(len(leaves) - 1):
        out = act.g(h @ leaves[l].T + net.b[l])
        h = out + h if residual and l > 0 else out
    loss = (((h @ leaves[-1].T + net.b[-1])[:, 0] - T) ** 2).mean()
    grads = torch.autograd.grad(loss, leaves)
    return max(float((a - g).abs().max()) / max(float(g.abs().max()), 1e-300) for a, g in zip(gW, grads))


def _norms(gW: list) -> list[float]:
    return [float(g.norm()) for g in gW]


def _log10(values: list[float]) -> list[float]:
    return [math.log10(v) if v > 0 else -math.inf for v in values]


def setup(depth: int, width: int, init: str, seed: int) -> tuple["B.torch.Tensor", "B.torch.Tensor", Net]:
    """The batch, its targets ±1 and the starting network, all drawn from `seed`."""
    gen = B.generator(seed)
    X = B.normal((BATCH, INPUTS), gen)
    T = 2 * (B.uniform((BATCH,), 0, 1, gen) > 0.5).to(B.DTYPE) - 1
    return X, T, Net.init(depth, width, init, gen)


def run(depth: int = 12, width: int = 32, init: str = "he", residual: bool = False, lr: float = 0.01,
        steps: int = 40, big_lr: float = 3.0, seed: int = 0) -> Iterator[Frame]:
    X, T, start = setup(depth, width, init, seed)  # the same start for every activation
    acts = {a.name: a for a in B.activations(ALPHA) if a.name in ACTIVATIONS}
    layers = [float(l) for l in range(1, depth + 2)]
    at_init: dict[str, list[float]] = {}
    after: dict[str, list[float]] = {}
    worst = 0.0
    results: dict[str, dict] = {}
    kind = "with skip connections, " if residual else ""
    shape = f"{depth} hidden layers of {width} ({kind}{init} init)"
    total = 2 * len(ACTIVATIONS) + 2
    step = 0

    def charts() -> list[Chart]:
        return [Chart("init", "log₁₀ ‖∂loss/∂Wₗ‖ at the start", xlabel="layer l", xlim=(1, depth + 1)),
                Chart("after", f"… after {steps} steps at λ = {lr:g}", xlabel="layer l", xlim=(1, depth + 1))]

    def table() -> Matrix:
        names = [a for a in ACTIVATIONS if a in at_init]
        return Matrix("gradient norms, first layer and output layer",
                      [[at_init[a][0], at_init[a][-1], at_init[a][0] / at_init[a][-1] if at_init[a][-1] else math.inf]
                       for a in names], rows=names, cols=["‖∂/∂W₁‖", f"‖∂/∂W{depth + 1}‖", "first / last"])

    def series() -> list[Series]:
        out = [Series(a, _log10(v), layers, chart="init", color=COLORS[a]) for a, v in at_init.items()]
        return out + [Series(a, _log10(v), layers, chart="after", color=COLORS[a]) for a, v in after.items()]

    for name in ACTIVATIONS:
        act = acts[name]
        net = start.copy()
        zs, hs, y = forward(net, X, act, residual)
        gW, _ = backward(net, zs, hs, y, T, act, residual)
        worst = max(worst, autograd_diff(net, X, T, act, residual, gW))
        at_init[name] = _norms(gW)
        first, last = at_init[name][0], at_init[name][-1]
        step += 1
        yield Frame(demo="vanishing", step=step, total=total, stage=name,
                    text=(f"{name}, {shape}: backpropagated, ‖∂loss/∂W₁‖ = {first:.3g} at the first layer and "
                          f"{last:.3g} at the output layer, a ratio of {first / last:.3g}. "
                          + _why(name, at_init[name])),
                    scalars={"activation": name, "first layer": first, "last layer": last},
                    charts=charts(), series=series(), matrices=[table()], pause=1.2)
        for _ in range(steps):  # ordinary training: Δw = −λ ∂loss/∂w
            zs, hs, y = forward(net, X, act, residual)
            gW, gb = backward(net, zs, hs, y, T, act, residual)
            for l in range(len(net.W)):
                net.W[l] -= lr * gW[l]
                net.b[l] -= lr * gb[l]
        zs, hs, y = forward(net, X, act, residual)
        gW, _ = backward(net, zs, hs, y, T, act, residual)
        after[name] = _norms(gW)
        results[name] = {"grad_norm_first": first, "grad_norm_last": last,
                         "ratio": first / last if last else math.inf,
                         "grad_norm_first_after": after[name][0], "grad_norm_last_after": after[name][-1],
                         "loss_before": float(((forward(start, X, act, residual)[2] - T) ** 2).mean()),
                         "loss_after": float(((y - T) ** 2).mean())}
        step += 1
        yield Frame(demo="vanishing", step=step, total=total, stage=f"{name}, trained",
                    text=(f"{name} after {steps} steps of gradient descent at λ = {lr:g}: the first layer's gradient "
                          f"is {after[name][0]:.3g}, the output layer's {after[name][-1]:.3g}; "
                          + (f"the loss went from {results[name]['loss_before']:.3g} to "
                             f"{results[name]['loss_after']:.3g}." if math.isfinite(results[name]["loss_after"])
                             else "the loss blew up (it is no longer a finite number): try a smaller --lr.")),
                    scalars={"activation": name, "first layer": after[name][0], "last layer": after[name][-1]},
                    charts=charts(), series=series(), matrices=[table()], pause=0.6)

    # Dying ReLU: one step far too large; which units are silent after it, and can they come back?
    dying: dict[str, dict] = {}
    units = depth * width
    for name in ACTIVATIONS:
        act = acts[name]
        net = start.copy()
        zs, hs, y = forward(net, X, act, residual)
        before = sum(int((~(z > 0).any(0)).sum()) for z in zs) / units  # silent on this batch at the start
        gW, gb = backward(net, zs, hs, y, T, act, residual)
        for l in range(len(net.W)):
            net.W[l] -= big_lr * gW[l]
            net.b[l] -= big_lr * gb[l]
        zs, hs, y = forward(net, X, act, residual)
        finite = bool(B.torch.isfinite(y).all())
        silent = dead = None
        if finite:
            gW, gb = backward(net, zs, hs, y, T, act, residual)
            quiet = [~(z > 0).any(0) for z in zs]  # z ≤ 0 on every input
            # No gradient into the unit's weights and bias: gradient descent cannot move them.
            stuck = [(gW[l].abs().sum(1) + gb[l].abs() == 0) for l in range(depth)]
            silent = sum(int(q.sum()) for q in quiet) / units
            dead = sum(int((q & st).sum()) for q, st in zip(quiet, stuck)) / units
        dying[name] = {"silent": silent, "dead": dead, "finite": finite, "before": before}
        results[name]["dead_fraction"] = dead
        results[name]["silent_fraction"] = silent
        results[name]["silent_fraction_at_start"] = before
    step += 1
    relu, leaky = dying["ReLU"], dying["leaky ReLU"]
    yield Frame(demo="vanishing", step=step, total=total, stage="dying ReLU",
                text=_dying_text(relu, leaky, big_lr),
                scalars={"ReLU dead": relu["dead"], "leaky ReLU dead": leaky["dead"]},
                charts=charts(), series=series(),
                matrices=[table(), Matrix(f"units after one step at λ = {big_lr:g}",
                                          [[dying[a]["before"], dying[a]["silent"], dying[a]["dead"]] for a in ACTIVATIONS],
                                          rows=list(ACTIVATIONS), cols=["silent before", "silent after", "dead"])],
                pause=2.0)
    summary = {
        "activations": results,
        "depth": depth,
        "width": width,
        "init": init,
        "residual": residual,
        "lr": lr,
        "steps": steps,
        "big_lr": big_lr,
        "max_autograd_diff": worst,
    }
    sig, rel = results["sigmoid"], results["ReLU"]
    text = (f"{shape}. At the start the first layer's gradient is {sig['grad_norm_first']:.3g} with sigmoid and "
            f"{rel['grad_norm_first']:.3g} with ReLU ({_times(sig['grad_norm_first'], rel['grad_norm_first'])}); "
            f"first over last: sigmoid {sig['ratio']:.3g}, tanh {results['tanh']['ratio']:.3g}, ReLU {rel['ratio']:.3g}, "
            f"leaky ReLU {results['leaky ReLU']['ratio']:.3g}. Every hand-made gradient matches autograd to "
            f"{worst:.1e} (relative). " + _dying_text(relu, leaky, big_lr))
    step += 1
    yield Frame(demo="vanishing", step=total, total=total, stage="summary", text=text,
                scalars={"sigmoid ratio": sig["ratio"], "ReLU ratio": rel["ratio"]},
                charts=charts(), series=series(), matrices=[table()], pause=1.0, summary=summary)


def _times(a: float, b: float) -> str:
    if a <= 0 or b <= 0:
        return "one of them is 0"
    return f"{b / a:.3g} times smaller" if a < b else f"{a / b:.3g} times larger"


def _why(name: str, norms: list[float]) -> str:
    shrink = sum(1 for a, b in zip(norms, norms[1:]) if a < b)
    return (f"Going down from the output, the gradient got smaller at {shrink} of the {len(norms) - 1} layers"
            + (": each multiplies by g'(z) ≤ 1/4 and by the weights." if name == "sigmoid" and shrink else "."))


def _dying_text(relu: dict, leaky: dict, big_lr: float) -> str:
    if not relu["finite"] or not leaky["finite"]:
        gone = [n for n, d in (("ReLU", relu), ("leaky ReLU", leaky)) if not d["finite"]]
        return (f"Dying ReLU: after one step at λ = {big_lr:g} the {' and '.join(gone)} network's outputs overflowed, "
                "so no units were counted; try a smaller --big-lr.")
    return (f"Dying ReLU: one step at λ = {big_lr:g}. ReLU units silent on every input of the batch (z ≤ 0): "
            f"{100 * relu['before']:.0f}% before it, {100 * relu['silent']:.0f}% after; {100 * relu['dead']:.0f}% get "
            f"exactly zero gradient for their weights (g'(z) = 0), so gradient descent cannot bring them back: dead. "
            f"Leaky ReLU: {100 * leaky['silent']:.0f}% silent after the step, {100 * leaky['dead']:.0f}% with no "
            f"gradient: below 0 its slope is α = {ALPHA:g}, so the weights into a silent unit can still move.")
