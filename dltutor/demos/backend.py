"""The one module that imports torch: device, dtype, seeding, and the small models demos share.

Every learning rule is written out by hand, next to the formula it runs: the perceptron's
Δw = λ(t − y)x, gradient descent's Δw = −λ ∂loss/∂w, backprop's deltas. torch.optim is not
used: its first step imports torch._dynamo (+0.8 s), and an optimizer would hide the rule the
demo is there to show. Autograd appears only to check the hand-derived gradients.

Gradients run in float64 so that a hand-made gradient can be compared with autograd to 1e-12;
the perceptron, whose threshold z > 0 decides, runs in exact fractions. Tensors never leave
through a frame: `floats` and `rows` turn them into lists.
"""

from __future__ import annotations

import gc
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

# Importing torch allocates ~170k objects, and every full pass of the cyclic collector during
# that import walks them all, plus whatever the command line had loaded before (typer, pydantic,
# rich): ~0.1-0.2 s of a ~1 s import, measured by bench/demo_speed.py. Nothing torch builds while
# importing is garbage, so the collector sits the import out; then everything alive is frozen
# out of later passes, which would otherwise re-walk torch during the demo.
gc.disable()
try:
    import torch
finally:
    gc.enable()
gc.freeze()

# Every demo's tensors are small (a few thousand numbers at most): splitting an op across threads
# costs more than it saves, and on a busy 2-core machine each op waited for its threads. Measured
# there: a 64×32 by 32×32 matmul took 736 µs with torch's 2 threads and 42 µs with 1.
torch.set_num_threads(1)

DTYPE = torch.float64


def device() -> torch.device:
    """CUDA when present (unless DLTUTOR_DEVICE=cpu), else the CPU."""
    wanted = os.environ.get("DLTUTOR_DEVICE", "").strip().lower()
    if wanted != "cpu" and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


DEVICE = device()


def generator(seed: int) -> torch.Generator:
    """Every random draw of a demo comes from one generator seeded here: same seed, same run."""
    return torch.Generator(device="cpu").manual_seed(seed)


def tensor(data: object) -> torch.Tensor:
    return torch.as_tensor(data, dtype=DTYPE).to(DEVICE)


def uniform(shape: tuple[int, ...], low: float, high: float, gen: torch.Generator) -> torch.Tensor:
    # Drawn on the CPU so that a seed gives the same numbers with or without CUDA.
    return (low + (high - low) * torch.rand(shape, generator=gen, dtype=DTYPE)).to(DEVICE)


def normal(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    return torch.randn(shape, generator=gen, dtype=DTYPE).to(DEVICE)


def permutation(n: int, gen: torch.Generator) -> list[int]:
    return torch.randperm(n, generator=gen).tolist()


def with_bias(X: torch.Tensor) -> torch.Tensor:
    """Inputs augmented with a constant 1 (one example per row), so the bias is just a weight."""
    return torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], 1)


def floats(t: torch.Tensor) -> list[float]:
    return [float(v) for v in t.detach().reshape(-1).cpu().tolist()]


def rows(t: torch.Tensor) -> list[list[float]]:
    t = t.detach().cpu()
    return t.reshape(t.shape[0], -1).tolist() if t.dim() else [[float(t)]]


# --- activations (lectures 1, 2, 5) -------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    name: str
    g: Callable[[torch.Tensor], torch.Tensor]
    dg: Callable[[torch.Tensor], torch.Tensor]  # g'(z), written by hand


def activations(alpha: float = 0.01) -> list[Activation]:
    """The guidebook's six activations, in its order, with their derivatives."""

    def sigmoid(z: torch.Tensor) -> torch.Tensor:
        return 1.0 / (1.0 + torch.exp(-z))

    return [
        # BTU: 1 if z > 0 else 0. Its derivative is 0 wherever it exists, so no gradient flows.
        Activation("BTU", lambda z: (z > 0).to(z.dtype), lambda z: torch.zeros_like(z)),
        Activation("linear", lambda z: z.clone(), lambda z: torch.ones_like(z)),
        Activation("sigmoid", sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
        Activation("tanh", torch.tanh, lambda z: 1 - torch.tanh(z) ** 2),
        Activation("ReLU", lambda z: torch.clamp(z, min=0.0), lambda z: (z > 0).to(z.dtype)),
        Activation(
            "leaky ReLU",
            lambda z: torch.maximum(z, alpha * z),
            lambda z: torch.where(z > 0, torch.ones_like(z), torch.full_like(z, alpha)),
        ),
    ]


def autograd_derivative(act: Activation, z: torch.Tensor) -> torch.Tensor:
    """g'(z) by torch autograd, to check the hand-written one."""
    z = z.detach().clone().requires_grad_(True)
    act.g(z).sum().backward()
    assert z.grad is not None
    return z.grad.detach()


def neuron(x: torch.Tensor, w: torch.Tensor, b: float) -> torch.Tensor:
    """z = Σⱼ wⱼxⱼ + b."""
    return (w * x).sum() + b


# --- the perceptron (lecture 3) ----------------------------------------------------------
#
# The perceptron runs in exact rational arithmetic. Its output is a threshold, z > 0, and the
# gates put examples exactly on the boundary (z = 0): in floats 0.1 + 0.1 + 0.1 − 0.3 is not 0,
# and a λ of 0.1 would decide differently from a λ of 0.25. With fractions, the rule decides as
# the learner would by hand on the numbers they typed (`typed`), and on the exact values of
# machine-drawn points (`Fraction(float)` is exact).

Vector = list[Fraction]


def typed(value: float) -> Fraction:
    """The decimal a learner typed, exactly: 0.1 -> 1/10 (not the binary float 0.1000000000000000055...).

    repr gives the shortest decimal that reads back as the same float, which is what was typed
    (or an equivalent spelling of it) whenever the learner typed at most 15 significant digits.
    """
    return Fraction(repr(float(value)))


def exact_vector(values: list[float]) -> Vector:
    """Machine-drawn floats (random points, random starting weights) as their exact values."""
    return [Fraction(v) for v in values]


def dot(w: Vector, x: Vector) -> Fraction:
    return sum((wi * xi for wi, xi in zip(w, x)), Fraction(0))


def btu(z: Fraction | float) -> int:
    """The binary threshold unit of lecture 2: 1 if z > 0, 0 if z ≤ 0 (z = 0 is the negative side)."""
    return 1 if z > 0 else 0


def perceptron_step(w: Vector, x: Vector, t: int, lr: Fraction) -> tuple[int, bool]:
    """One example: y = BTU(w·x), then Δw = λ(t − y)x. Changes w in place; returns (y, changed).

    `x` is augmented with a constant 1, so its last weight is the bias w₀.
    """
    y = btu(dot(w, x))
    if t != y:
        for i, xi in enumerate(x):
            w[i] += lr * (t - y) * xi
    return y, t != y


def perceptron_errors(w: Vector, X: list[Vector], T: list[int]) -> int:
    """How many examples the weights classify wrongly."""
    return sum(btu(dot(w, x)) != t for x, t in zip(X, T))


def max_margin(X: torch.Tensor, T: torch.Tensor, *, tol: float = 1e-10) -> tuple[torch.Tensor, float, float]:
    """The max-margin separator through the origin of augmented inputs, for Novikoff's bound.

    Hard-margin SVM: minimise ½‖w‖² subject to sᵢ w·xᵢ ≥ 1 (sᵢ = ±1). Returns (unit u, γ,
    γ_upper): γ is the margin u actually achieves on every point, min sᵢ u·xᵢ, so it never
    overstates the best margin and (R/γ)² never understates the bound; γ_upper bounds the best
    margin from above (weak duality), so callers can check γ_upper/γ is 1 to many digits.
    γ ≤ 0 means "not separable".

    Only the points nearest the boundary matter, so the problem is solved on a working set:
    solve on a few points, add the ones the answer gets wrong, repeat. An answer that keeps
    every point outside the margin is optimal for all of them, as it is for the subset.
    """
    s = 2 * T - 1
    Z = X * s[:, None]
    n = len(Z)
    active = list(range(min(n, 32)))
    while True:
        alpha, upper = _dual_ascent(Z[active], tol)
        w = Z[active].T @ alpha
        norm = float(w.norm())
        if norm == 0 or not math.isfinite(upper):
            return w, 0.0, upper
        margins = Z @ w  # ≥ 1 wherever the subset's answer also suits the point
        gamma = float(margins.min()) / norm
        chosen = set(active)
        outside = [i for i in torch.argsort(margins).tolist() if i not in chosen]
        violators = [i for i in outside if float(margins[i]) < 1 - 1e-9][:16]
        if not violators or gamma <= 0 and len(active) == n:
            return w / norm, gamma, upper
        active += violators


def _dual_ascent(Z: torch.Tensor, tol: float, max_iter: int = 20000) -> tuple[torch.Tensor, float]:
    """maximise Σα − ½‖Zᵀα‖² over α ≥ 0 by accelerated projected gradient ascent (with restarts).

    Returns α and 1/√(2·dual), which bounds the margin of any separator from above.
    """
    G = Z @ Z.T
    step = 1.0 / max(float(torch.linalg.eigvalsh(G)[-1]), 1e-300)
    alpha = torch.zeros(len(Z), dtype=DTYPE, device=Z.device)
    momentum = alpha.clone()
    theta = 1.0
    upper = math.inf
    for it in range(max_iter):
        new = torch.clamp(momentum + step * (1 - G @ momentum), min=0.0)
        if float((new - momentum) @ (new - alpha)) < 0:  # momentum overshot: restart it
            theta, momentum = 1.0, new
        else:
            theta_next = (1 + math.sqrt(1 + 4 * theta * theta)) / 2
            momentum = new + ((theta - 1) / theta_next) * (new - alpha)
            theta = theta_next
        alpha = new
        if it % 25 == 24:
            w = Z.T @ alpha
            norm = float(w.norm())
            dual = float(alpha.sum() - 0.5 * norm * norm)
            if norm == 0 or dual <= 0:
                continue
            gamma = float((Z @ w).min()) / norm
            upper = 1.0 / math.sqrt(2 * dual)
            if gamma > 0 and upper - gamma <= tol * upper:
                break
    return alpha, upper


# --- a multi-layer perceptron, one hidden layer, sigmoid units, MSE (lectures 4, 5) -----------


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    return 1.0 / (1.0 + torch.exp(-z))


@dataclass
class MLP:
    """inputs → hidden (sigmoid) → outputs (sigmoid). W1: hidden×inputs, W2: outputs×hidden."""

    W1: torch.Tensor
    b1: torch.Tensor
    W2: torch.Tensor
    b2: torch.Tensor

    @classmethod
    def init(cls, sizes: tuple[int, int, int], gen: torch.Generator, scale: float = 1.0) -> "MLP":
        n_in, n_hidden, n_out = sizes
        return cls(
            uniform((n_hidden, n_in), -scale, scale, gen),
            uniform((n_hidden,), -scale, scale, gen),
            uniform((n_out, n_hidden), -scale, scale, gen),
            uniform((n_out,), -scale, scale, gen),
        )

    def params(self) -> dict[str, torch.Tensor]:
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2}

    def forward(self, X: torch.Tensor) -> "Forward":
        """X is a batch, one example per row."""
        z1 = X @ self.W1.T + self.b1
        h = sigmoid(z1)
        z2 = h @ self.W2.T + self.b2
        y = sigmoid(z2)
        return Forward(X, z1, h, z2, y)

    def backward(self, f: "Forward", T: torch.Tensor) -> "Backward":
        """The chain rule by hand, for loss = mean over examples of Σₖ (tₖ − yₖ)².

        δₒ = ∂loss/∂z₂ = −2(t − y)·y(1 − y) / n       (σ'(z) = σ(z)(1 − σ(z)))
        δₕ = ∂loss/∂z₁ = (δₒ W2)·h(1 − h)              (each hidden unit collects the
                                                       deltas it fed, through its weights)
        ∂loss/∂W = δ · (the layer's input)ᵀ, ∂loss/∂b = Σ δ over the batch.
        """
        n = f.X.shape[0]
        delta_out = -2.0 * (T - f.y) * f.y * (1 - f.y) / n
        delta_hidden = (delta_out @ self.W2) * f.h * (1 - f.h)
        grads = {
            "W1": delta_hidden.T @ f.X,
            "b1": delta_hidden.sum(0),
            "W2": delta_out.T @ f.h,
            "b2": delta_out.sum(0),
        }
        return Backward(delta_out, delta_hidden, grads)

    def update(self, grads: dict[str, torch.Tensor], lr: float) -> None:
        """Δw = −λ ∂loss/∂w, for every weight and bias."""
        self.W1 -= lr * grads["W1"]
        self.b1 -= lr * grads["b1"]
        self.W2 -= lr * grads["W2"]
        self.b2 -= lr * grads["b2"]


@dataclass
class Forward:
    X: torch.Tensor
    z1: torch.Tensor
    h: torch.Tensor
    z2: torch.Tensor
    y: torch.Tensor


@dataclass
class Backward:
    delta_out: torch.Tensor
    delta_hidden: torch.Tensor
    grads: dict[str, torch.Tensor]


def mse(y: torch.Tensor, T: torch.Tensor) -> float:
    """MSE(t, y) = (t − y)², summed over outputs and averaged over examples."""
    return float(((T - y) ** 2).sum() / y.shape[0])


def autograd_gradients(model: MLP, X: torch.Tensor, T: torch.Tensor) -> dict[str, torch.Tensor]:
    """The same gradients by torch autograd, on copies, to check `MLP.backward`."""
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in model.params().items()}
    h = torch.sigmoid(X @ leaves["W1"].T + leaves["b1"])
    y = torch.sigmoid(h @ leaves["W2"].T + leaves["b2"])
    loss = ((T - y) ** 2).sum() / X.shape[0]
    loss.backward()
    return {k: v.grad.detach() for k, v in leaves.items() if v.grad is not None}


def max_abs_diff(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    return max(float((a[k] - b[k]).abs().max()) for k in a)


# --- linear models for gradient descent (lecture 4) ---------------------------------------


def linear_loss(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor, kind: str) -> float:
    z = X @ w
    if kind == "regression":  # MSE, a quadratic in w
        return float(((z - y) ** 2).mean())
    p = sigmoid(z).clamp(1e-15, 1 - 1e-15)  # cross-entropy of logistic regression
    return float((-(y * torch.log(p)) - (1 - y) * torch.log(1 - p)).mean())


def linear_gradient(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    """∂loss/∂w: 2/n·Xᵀ(Xw − y) for MSE; 1/n·Xᵀ(σ(Xw) − y) for cross-entropy."""
    z = X @ w
    if kind == "regression":
        return 2.0 * X.T @ (z - y) / len(y)
    return X.T @ (sigmoid(z) - y) / len(y)


def curvature(X: torch.Tensor, kind: str) -> float:
    """L, the largest eigenvalue of the loss's Hessian (for cross-entropy: its upper bound).

    MSE: H = 2/n·XᵀX exactly, so batch GD converges iff λ < 2/L. Cross-entropy:
    H = 1/n·Xᵀ diag(σ(1 − σ)) X ⪯ XᵀX/(4n), so λ < 2/L is safe there, not a sharp limit.
    """
    eig = float(torch.linalg.eigvalsh(X.T @ X)[-1]) / len(X)
    return 2.0 * eig if kind == "regression" else eig / 4.0


def mse_hessian(X: torch.Tensor) -> torch.Tensor:
    """∇²loss of MSE for a linear model: 2/n·XᵀX, the same at every w (the loss is a quadratic)."""
    return 2.0 * X.T @ X / len(X)


def eigen(H: torch.Tensor) -> tuple[list[float], list[list[float]]]:
    """A symmetric matrix's eigenvalues, smallest first, and their unit eigenvectors (one per entry)."""
    values, vectors = torch.linalg.eigh(H)
    return floats(values), [floats(vectors[:, i]) for i in range(len(values))]


def least_squares(X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """w* = argmin mean (Xw − y)², the minimum MSE gradient descent is heading for."""
    return torch.linalg.lstsq(X.cpu(), y.cpu()[:, None]).solution[:, 0].to(X.device)


class StepProduct:
    """The product P of a run's step matrices I − λH_B on a quadratic loss, and the batches' curvature.

    A gradient step on batch B maps the error e = w − w* to (I − λH_B)e − λ∇loss_B(w*), with
    H_B = 2/|B|·X_BᵀX_B: so e after the run is P·e₀ plus the steps' noise, and ‖P‖ says how much
    the run's own steps multiplied the worst starting error. P is kept as a matrix of size about 1
    times e^log_scale, so that a run which blows up does not overflow. The matrices are d×d with d
    the number of weights (2 for the line the demo fits), so plain floats beat tensor calls here.
    """

    def __init__(self, X: torch.Tensor) -> None:
        rows_ = X.detach().cpu().tolist()
        self.d = d = len(rows_[0])
        self.outer = [[a * b for a in x for b in x] for x in rows_]  # xxᵀ of each example, row by row
        self.P = [float(r == c) for r in range(d) for c in range(d)]
        self.log_scale = 0.0
        self.top_curvature = 0.0  # the largest top eigenvalue of any H_B stepped on

    def step(self, idx: list[int], lr: float) -> None:
        d, k = self.d, len(idx)
        H = [2.0 * sum(self.outer[i][e] for i in idx) / k for e in range(d * d)]
        M = [float(r == c) - lr * H[r * d + c] for r in range(d) for c in range(d)]
        P = self.P
        self.P = [sum(M[r * d + j] * P[j * d + c] for j in range(d)) for r in range(d) for c in range(d)]
        size = max(abs(v) for v in self.P)
        if size > 0 and not 1e-50 < size < 1e50:
            self.P = [v / size for v in self.P]
            self.log_scale += math.log(size)
        if d == 2:  # the top eigenvalue of a symmetric 2×2 matrix, in closed form
            top = (H[0] + H[3]) / 2 + math.hypot((H[0] - H[3]) / 2, H[1])
        else:
            top = float(torch.linalg.eigvalsh(torch.tensor(H, dtype=DTYPE).reshape(d, d))[-1])
        self.top_curvature = max(self.top_curvature, top)

    def log_norm(self) -> float:
        """log ‖P‖₂ (−inf if P is 0)."""
        norm = float(torch.linalg.matrix_norm(torch.tensor(self.P, dtype=DTYPE).reshape(self.d, self.d), ord=2))
        return self.log_scale + math.log(norm) if norm > 0 else -math.inf
