"""`rnn`: a vanilla RNN unfolded over time, backpropagation through time, and what gates change.

Part 1 unfolds lecture 7's sₜ = tanh(U xₜ + W sₜ₋₁) over `steps` inputs (no bias, as the lecture
writes it; W is Gaussian with spectral radius about `w_scale`), reads yₜ = softmax(V sₜ) at the
last step, and runs backpropagation through time by hand:

    ∂L/∂s_T = Vᵀ(y − t),   ∂L/∂sₜ₋₁ = Wᵀ((1 − sₜ²) ⊙ ∂L/∂sₜ)

one multiplication by Wᵀ and tanh's slope per step back, so the gradient norm shrinks or grows
geometrically. Autograd computes the same ∂L/∂sₜ independently.

Part 2 is a memory task: a symbol (one of four) marked at step T − lag must be named at step T,
through `lag` steps of other symbols. The same vanilla RNN (trained with the hand-written BPTT
gradients), an LSTM and a GRU (trained with autograd's: their backward pass is the chain rule
through every gate, too long to spell out) learn it from the same batches, with the same
optimizer (Adam, written out below: gradient descent with a step size per weight), and are
tested on fresh sequences. The LSTM and GRU start with their gates set to keep their memory
(forget gate open, input and update gates nearly shut), the usual initialisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series

torch = B.torch

SYMBOLS = "ABCD"
CHANNELS = len(SYMBOLS) + 1  # a one-hot symbol, then the marker
BATCH = 32
TEST = 512
PATIENCE = 5  # training stops after this many training batches in a row answered all right
GATE_BIAS = 4.0  # forget gate σ(4) ≈ 0.98 open, input and update gates σ(−4) ≈ 0.02 shut
FRAME_EVERY = 10  # iterations between training frames
MODELS = ("rnn", "lstm", "gru")
NAMES = {"rnn": "vanilla RNN", "lstm": "LSTM", "gru": "GRU"}
COLORS = {"rnn": "red", "lstm": "green", "gru": "blue"}
VANISHED = 1e-2  # a gradient this many times smaller than at the last step is called vanished
SEED_STREAM = 2**32  # offsets between the seed's three streams: weights, training data, test data


def memory_batch(n: int, steps: int, lag: int, gen: "torch.Generator") -> tuple["torch.Tensor", "torch.Tensor"]:
    """n sequences of `steps` one-hot symbols; the one at step steps − lag is marked and is the target."""
    noise = torch.randint(0, len(SYMBOLS), (n, steps), generator=gen)
    target = torch.randint(0, len(SYMBOLS), (n,), generator=gen)
    mark = steps - lag - 1  # 0-based index of the marked step
    noise[:, mark] = target
    X = torch.zeros(n, steps, CHANNELS, dtype=B.DTYPE)
    X.scatter_(2, noise[:, :, None], 1.0)
    X[:, mark, -1] = 1.0
    return X.to(B.DEVICE), target.to(B.DEVICE)


def sequence_text(x: "torch.Tensor") -> str:
    """One sequence as letters, the marked one in brackets: "[B] D A C ..."."""
    letters = []
    for step in x.tolist():
        letter = SYMBOLS[max(range(len(SYMBOLS)), key=lambda k: step[k])]
        letters.append(f"[{letter}]" if step[-1] else letter)
    return " ".join(letters)


# --- the vanilla RNN, forward and backward by hand -------------------------------------------


@dataclass
class VanillaRNN:
    """sₜ = tanh(U xₜ + W sₜ₋₁), y = softmax(V s_T). U: H×inputs, W: H×H, V: outputs×H."""

    U: "torch.Tensor"
    W: "torch.Tensor"
    V: "torch.Tensor"

    @classmethod
    def init(cls, hidden: int, w_scale: float, gen: "torch.Generator") -> "VanillaRNN":
        return cls(B.normal((hidden, CHANNELS), gen) / math.sqrt(CHANNELS),
                   w_scale * B.normal((hidden, hidden), gen) / math.sqrt(hidden),
                   B.normal((len(SYMBOLS), hidden), gen) / math.sqrt(hidden))

    def params(self) -> dict[str, "torch.Tensor"]:
        return {"U": self.U, "W": self.W, "V": self.V}

    def states(self, X: "torch.Tensor") -> list["torch.Tensor"]:
        """s₁ … s_T for a batch X (examples × steps × inputs), from s₀ = 0."""
        s = torch.zeros(X.shape[0], self.W.shape[0], dtype=X.dtype, device=X.device)
        xu = X @ self.U.T
        Wt = self.W.T
        out = []
        for t in range(X.shape[1]):
            s = torch.tanh(torch.addmm(xu[:, t], s, Wt))
            out.append(s)
        return out

    def bptt(self, X: "torch.Tensor", target: "torch.Tensor") -> tuple[float, dict[str, "torch.Tensor"], list["torch.Tensor"]]:
        """Loss (mean cross-entropy at the last step), its gradients, and ∂L/∂sₜ for t = 1 … T."""
        n, steps = X.shape[0], X.shape[1]
        states = self.states(X)
        logits = states[-1] @ self.V.T
        y = torch.softmax(logits, 1)
        onehot = torch.zeros_like(y).scatter_(1, target[:, None], 1.0)
        loss = float(-(torch.log_softmax(logits, 1) * onehot).sum() / n)
        d_logits = (y - onehot) / n  # ∂L/∂(V s_T)
        S = torch.stack(states)  # steps × examples × hidden
        slope = 1 - S * S  # tanh'(z) = 1 − tanh²(z) = 1 − sₜ²
        delta = d_logits @ self.V  # ∂L/∂s_T
        deltas = [delta]
        dz = [slope[-1] * delta]  # ∂L/∂zₜ, from the last step back
        for t in range(steps - 1, 0, -1):
            delta = dz[-1] @ self.W  # ∂L/∂sₜ₋₁ = Wᵀ((1 − sₜ²) ⊙ ∂L/∂sₜ), one row per example
            deltas.append(delta)
            dz.append(slope[t - 1] * delta)
        dZ = torch.stack(dz[::-1])  # steps × examples × hidden
        # ∂L/∂U = Σₜ ∂L/∂zₜ xₜᵀ and ∂L/∂W = Σₜ ∂L/∂zₜ sₜ₋₁ᵀ (s₀ = 0), summed over examples too.
        grads = {"U": dZ.reshape(-1, dZ.shape[2]).T @ X.transpose(0, 1).reshape(-1, X.shape[2]),
                 "W": dZ[1:].reshape(-1, dZ.shape[2]).T @ S[:-1].reshape(-1, S.shape[2]),
                 "V": d_logits.T @ states[-1]}
        return loss, grads, deltas[::-1]

    def predict(self, X: "torch.Tensor") -> "torch.Tensor":
        return (self.states(X)[-1] @ self.V.T).argmax(1)


def autograd_state_gradients(model: VanillaRNN, X: "torch.Tensor", target: "torch.Tensor") -> list["torch.Tensor"]:
    """∂L/∂sₜ for every step, by torch autograd on copies of the weights, to check `bptt`."""
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in model.params().items()}
    states = VanillaRNN(**leaves).states(X)
    loss = torch.nn.functional.cross_entropy(states[-1] @ leaves["V"].T, target)
    return list(torch.autograd.grad(loss, states))


# --- LSTM and GRU cells, trained with autograd ------------------------------------------------


def gated_init(kind: str, hidden: int, gen: "torch.Generator") -> dict[str, "torch.Tensor"]:
    """Weights of an LSTM (gates i, f, o and candidate g) or a GRU (gates r, z and candidate h̃)."""
    width = {"lstm": 4, "gru": 3}[kind] * hidden

    def uniform(*shape: int, fan_in: int) -> "torch.Tensor":
        bound = 1 / math.sqrt(fan_in)
        return B.uniform(shape, -bound, bound, gen)

    p = {"Ux": uniform(CHANNELS, width, fan_in=CHANNELS), "Wh": uniform(hidden, width, fan_in=hidden),
         "b": torch.zeros(width, dtype=B.DTYPE, device=B.DEVICE),
         "V": uniform(hidden, len(SYMBOLS), fan_in=hidden), "c": torch.zeros(len(SYMBOLS), dtype=B.DTYPE, device=B.DEVICE)}
    if kind == "lstm":
        p["b"][:hidden] = -GATE_BIAS  # input gate nearly shut: the distractors stay out
        p["b"][hidden:2 * hidden] = GATE_BIAS  # forget gate open: the cell keeps what it holds
    else:
        p["b"][hidden:2 * hidden] = -GATE_BIAS  # update gate nearly shut: the state is kept
    return p


@dataclass
class Gates:
    """An LSTM's gates and cell state at every step of one batch: lists of (examples × hidden)."""

    i: list["torch.Tensor"]
    f: list["torch.Tensor"]
    o: list["torch.Tensor"]
    c: list["torch.Tensor"]


def gated_forward(kind: str, p: dict[str, "torch.Tensor"], X: "torch.Tensor", gates: Gates | None = None,
                  states: list["torch.Tensor"] | None = None) -> "torch.Tensor":
    """The logits at the last step; `gates` and `states` (sₜ), when given, collect every step's.

    LSTM: iₜ, fₜ, oₜ = σ(·), gₜ = tanh(·) of Ux xₜ + Wh sₜ₋₁ + b;  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ;  sₜ = oₜ ⊙ tanh(cₜ).
    GRU:  rₜ, zₜ = σ(·);  h̃ₜ = tanh(Ux xₜ + Wh (rₜ ⊙ sₜ₋₁) + b);  sₜ = (1 − zₜ) ⊙ sₜ₋₁ + zₜ ⊙ h̃ₜ.
    """
    n, steps = X.shape[0], X.shape[1]
    H = p["Wh"].shape[0]
    s = torch.zeros(n, H, dtype=X.dtype, device=X.device)
    c = torch.zeros_like(s)
    xu = (X.reshape(n * steps, -1) @ p["Ux"] + p["b"]).reshape(n, steps, -1)
    for t in range(steps):
        if kind == "lstm":
            z = torch.addmm(xu[:, t], s, p["Wh"])
            i, f, o = torch.sigmoid(z[:, :3 * H]).split(H, 1)
            c = f * c + i * torch.tanh(z[:, 3 * H:])
            s = o * torch.tanh(c)
            if gates is not None:
                gates.i.append(i)
                gates.f.append(f)
                gates.o.append(o)
                gates.c.append(c)
        else:
            r, update = torch.sigmoid(torch.addmm(xu[:, t, :2 * H], s, p["Wh"][:, :2 * H])).split(H, 1)
            candidate = torch.tanh(torch.addmm(xu[:, t, 2 * H:], r * s, p["Wh"][:, 2 * H:]))
            s = torch.lerp(s, candidate, update)  # (1 − z) ⊙ s + z ⊙ h̃
        if states is not None:
            states.append(s)
    return torch.addmm(p["c"], s, p["V"])


class Adam:
    """m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  w ← w − λ m̂ / (√v̂ + ε)  (m̂, v̂ bias-corrected)."""

    def __init__(self, params: dict[str, "torch.Tensor"], lr: float, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        self.params, self.lr, self.beta1, self.beta2, self.eps = params, lr, beta1, beta2, eps
        self.m = {k: torch.zeros_like(v) for k, v in params.items()}
        self.v = {k: torch.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads: dict[str, "torch.Tensor"]) -> None:
        self.t += 1
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        with torch.no_grad():
            for k, w in self.params.items():
                g = grads[k]
                self.m[k].mul_(self.beta1).add_(g, alpha=1 - self.beta1)
                self.v[k].mul_(self.beta2).addcmul_(g, g, value=1 - self.beta2)
                w -= self.lr * (self.m[k] / c1) / ((self.v[k] / c2).sqrt() + self.eps)


# --- the run ---------------------------------------------------------------------------------


def _rows(t: "torch.Tensor") -> list[list[float]]:
    return B.rows(t)


def _steps_cols(steps: int, mark: int | None = None) -> list[str]:
    return [f"{t}" + ("*" if mark is not None and t == mark else "") for t in range(1, steps + 1)]


def _ratio(a: "torch.Tensor", b: "torch.Tensor") -> float:
    return float(a.norm()) / max(float(b.norm()), 1e-300)


def _count(p: dict[str, "torch.Tensor"]) -> int:
    return sum(v.numel() for v in p.values())


def _factor(ratio: float) -> str:
    if ratio == 0:
        return "to exactly 0 (underflow)"
    if ratio < 1:
        return f"by a factor of {1 / ratio:.3g}" if 1 / ratio < 1e4 else f"to {ratio:.1e} of its size"
    return f"by a factor of {ratio:.3g}" if ratio < 1e4 else f"to {ratio:.1e} times its size"


def run(steps: int = 30, lag: int = 29, hidden: int = 8, w_scale: float = 1.0, iterations: int = 150,
        lr: float = 0.1, seed: int = 0) -> Iterator[Frame]:
    init = B.generator(seed)
    train_data = seed + SEED_STREAM
    test = B.generator(seed + 2 * SEED_STREAM)
    mark = steps - lag  # the marked step, counted from 1
    rnn = VanillaRNN.init(hidden, w_scale, init)
    gated = {kind: gated_init(kind, hidden, init) for kind in ("lstm", "gru")}
    Xtest, ytest = memory_batch(TEST, steps, lag, test)
    x0, y0 = Xtest[:1], ytest[:1]  # the sequence every picture shows
    total = 2 + 3 * (iterations // FRAME_EVERY + 1) + 2
    shown = sequence_text(x0[0])
    units = [f"s{k}" for k in range(1, hidden + 1)]

    # Part 1: unfold, then backpropagate through time by hand; autograd checks every ∂L/∂sₜ.
    states = rnn.states(x0)
    _, _, deltas = rnn.bptt(x0, y0)
    auto = autograd_state_gradients(rnn, x0, y0)
    norms = [float(d.norm()) for d in deltas]
    auto_norms = [float(a.norm()) for a in auto]
    worst_rel = max(float((d - a).norm()) / max(float(a.norm()), 1e-300) for d, a in zip(deltas, auto))
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
    state_map = Matrix("hidden states sₜ (units × steps)", [list(r) for r in zip(*[B.floats(s[0]) for s in states])],
                       rows=units, cols=_steps_cols(steps, mark), kind="heatmap", limits=(-1.0, 1.0))
    log_norms = [math.log10(v) if v > 0 else -300.0 for v in norms]
    grad_chart = Chart("grad", "log₁₀ ‖∂L/∂sₜ‖, backpropagated from step T", xlabel="step t")
    grad_series = Series("‖∂L/∂sₜ‖ (log₁₀)", log_norms, [float(t) for t in range(1, steps + 1)], chart="grad",
                         color="orange")
    weights = {**{k: B.rows(v) for k, v in rnn.params().items()}, "x": B.rows(x0[0]), "target": [int(y0[0])]}

    yield Frame(
        demo="rnn", step=1, total=total, stage="unfold",
        text=(f"A vanilla RNN with {hidden} tanh units unfolded over {steps} steps: one copy of the cell per step, "
              f"all sharing U and W, each passing its state sₜ = tanh(U xₜ + W sₜ₋₁) to the next. The input "
              f"sequence: {shown}. The bracketed symbol (step {mark}) is the one to name at step {steps}."),
        scalars={"steps": steps, "hidden": hidden, "w scale": w_scale},
        weights=weights, matrices=[state_map], pause=2.0,
    )
    direction = "shrank" if ratio < 1 else "grew"
    bptt_text = (f"Backpropagation through time from the loss at step {steps}: each step back multiplies "
                 f"∂L/∂sₜ by tanh's slope (1 − sₜ²) and by Wᵀ. From step {steps} to step 1 the norm {direction} "
                 f"{_factor(ratio)} ({norms[-1]:.3g} → {norms[0]:.3g}). Torch autograd computed every ∂L/∂sₜ "
                 f"independently: the largest relative difference is {worst_rel:.1e}.")
    yield Frame(
        demo="rnn", step=2, total=total, stage="bptt", text=bptt_text,
        scalars={"ratio step 1 / step T": ratio, "autograd diff": worst_rel},
        weights=weights, charts=[grad_chart], series=[grad_series], matrices=[state_map], pause=2.0,
    )

    # Part 2: the memory task, each model on the same batches.
    acc_chart = Chart("acc", f"accuracy on each training batch (lag {lag})", xlabel="iteration", ylim=(0, 1))
    curves: dict[str, list[float]] = {kind: [] for kind in MODELS}
    used: dict[str, int] = {}
    step = 2

    def train_frame(kind: str, it: int) -> Frame:
        series = [Series(NAMES[k], list(curves[k]), [float(i) for i in range(1, len(curves[k]) + 1)], chart="acc",
                         color=COLORS[k]) for k in MODELS if curves[k]]
        chance = Series("chance", [0.25, 0.25], [1.0, float(max(iterations, 2))], chart="acc", color="gray")
        return Frame(
            demo="rnn", step=step, total=total, stage=f"train {NAMES[kind]}",
            text=(f"Training the {NAMES[kind]} to name the marked symbol {lag} steps later, batch {it}: "
                  f"{BATCH} sequences each, Adam with λ = {lr:g}; it stops early after {PATIENCE} batches in a row "
                  f"all right, or at {iterations}."),
            scalars={"model": NAMES[kind], "iteration": it, "batch accuracy": curves[kind][-1]},
            charts=[acc_chart], series=[*series, chance], pause=0.15,
        )

    for kind in MODELS:
        data = B.generator(train_data)  # the same batches, in the same order, for every model
        params = rnn.params() if kind == "rnn" else gated[kind]
        if kind != "rnn":
            for v in params.values():
                v.requires_grad_(True)
        opt = Adam(params, lr)
        streak = 0
        it = 0
        for it in range(1, iterations + 1):
            X, y = memory_batch(BATCH, steps, lag, data)
            if kind == "rnn":
                _, grads, _ = rnn.bptt(X, y)  # the hand-written BPTT of part 1
                right = rnn.predict(X) == y
            else:
                logits = gated_forward(kind, params, X)
                loss = torch.nn.functional.cross_entropy(logits, y)
                grads = dict(zip(params, torch.autograd.grad(loss, list(params.values()))))
                right = logits.detach().argmax(1) == y
            opt.step(grads)
            curves[kind].append(float(right.to(B.DTYPE).mean()))
            streak = streak + 1 if bool(right.all()) else 0
            if streak >= PATIENCE or it == iterations:
                break
            if it % FRAME_EVERY == 0:
                step += 1
                yield train_frame(kind, it)
        used[kind] = it
        step += 1
        yield train_frame(kind, it)

    with torch.no_grad():
        accuracy = {"rnn": float((rnn.predict(Xtest) == ytest).to(B.DTYPE).mean())}
        for kind in ("lstm", "gru"):
            accuracy[kind] = float((gated_forward(kind, gated[kind], Xtest).argmax(1) == ytest).to(B.DTYPE).mean())
    # How much of the gradient at the last step reaches the marked one, in each trained model.
    _, _, trained_deltas = rnn.bptt(Xtest[:64], ytest[:64])
    at_lag = {"rnn": _ratio(trained_deltas[mark - 1], trained_deltas[-1])}
    for kind in ("lstm", "gru"):
        hidden_states: list["torch.Tensor"] = []
        loss = torch.nn.functional.cross_entropy(gated_forward(kind, gated[kind], Xtest[:64], states=hidden_states),
                                                 ytest[:64])
        at_mark, at_end = torch.autograd.grad(loss, [hidden_states[mark - 1], hidden_states[-1]])
        at_lag[kind] = _ratio(at_mark, at_end)

    gates = Gates([], [], [], [])
    with torch.no_grad():
        lstm_answer = int(gated_forward("lstm", gated["lstm"], x0, gates).argmax(1)[0])

    def gate_map(name: str, values: list["torch.Tensor"], lo: float, hi: float) -> Matrix:
        return Matrix(name, [list(r) for r in zip(*[B.floats(v[0]) for v in values])], rows=units,
                      cols=_steps_cols(steps, mark), kind="heatmap", limits=(lo, hi))

    i_mark = sum(B.floats(gates.i[mark - 1][0])) / hidden
    others = [sum(B.floats(g[0])) / hidden for t, g in enumerate(gates.i) if t != mark - 1]
    i_rest = sum(others) / len(others) if others else float("nan")
    f_after = [sum(B.floats(g[0])) / hidden for g in gates.f[mark:]]
    f_mean = sum(f_after) / len(f_after) if f_after else float("nan")
    gate_maps = [gate_map("input gate iₜ", gates.i, 0.0, 1.0), gate_map("forget gate fₜ", gates.f, 0.0, 1.0),
                 gate_map("output gate oₜ", gates.o, 0.0, 1.0), gate_map("cell state cₜ", gates.c, -1.0, 1.0)]
    gate_text = (f"The trained LSTM on the sequence {shown}: at the marked step {mark} its input gate is open "
                 f"{i_mark:.2f} on average over its units, against {i_rest:.2f} at the other steps"
                 + (f"; after it the forget gate averages {f_mean:.2f}, so the cell keeps what it stored" if f_after else "")
                 + f". It answers {SYMBOLS[lstm_answer]}; the right answer is {SYMBOLS[int(y0[0])]}.")
    step += 1
    yield Frame(demo="rnn", step=step, total=total, stage="LSTM gates", text=gate_text,
                scalars={"input gate at the mark": i_mark, "elsewhere": i_rest}, matrices=gate_maps, pause=3.0)

    summary_table = Matrix(
        f"memory task: {TEST} new sequences",
        [[accuracy[k], float(used[k]), float(_count(rnn.params() if k == "rnn" else gated[k]))] for k in MODELS],
        rows=[NAMES[k] for k in MODELS], cols=["accuracy", "iterations", "weights"])
    chance = 1 / len(SYMBOLS)
    lead = accuracy["lstm"] - accuracy["rnn"]
    text = (f"This run: on {TEST} new sequences, recalling the symbol from {lag} step{'s' if lag != 1 else ''} back "
            f"(chance {chance:.0%}), the vanilla RNN scored {accuracy['rnn']:.0%}, the LSTM {accuracy['lstm']:.0%} "
            f"and the GRU {accuracy['gru']:.0%}. ")
    if lead > 0:
        text += f"The LSTM beat the vanilla RNN by {lead * 100:.0f} points. "
    elif lead == 0:
        text += "The LSTM and the vanilla RNN scored the same here. "
    else:
        text += "Here the vanilla RNN did better than the LSTM. "
    text += (f"Of the gradient at step {steps}, the share that reaches step {mark} is {at_lag['rnn']:.1e} in the "
             f"trained vanilla RNN, ")
    text += ("where almost no learning signal gets back to the symbol: its gradient has vanished. "
             if at_lag["rnn"] < VANISHED else "enough for some learning signal to get back to the symbol. ")
    text += (f"In the LSTM it is {at_lag['lstm']:.2g} and in the GRU {at_lag['gru']:.2g}: their gates carry the "
             "state, and its gradient, across the steps.")
    summary = {
        "grad_norms": norms,
        "autograd_grad_norms": auto_norms,
        "vanishing_ratio": ratio,
        "max_rel_diff_autograd": worst_rel,
        "rnn_accuracy": accuracy["rnn"],
        "lstm_accuracy": accuracy["lstm"],
        "gru_accuracy": accuracy["gru"],
        "chance": chance,
        "rnn_gradient_at_lag": at_lag["rnn"],
        "lstm_gradient_at_lag": at_lag["lstm"],
        "gru_gradient_at_lag": at_lag["gru"],
        "iterations": dict(used),
        "lag": lag,
        "steps": steps,
        "hidden": hidden,
        "w_scale": w_scale,
        "lr": lr,
    }
    final_series = [Series(NAMES[k], list(curves[k]), [float(i) for i in range(1, len(curves[k]) + 1)], chart="acc",
                           color=COLORS[k]) for k in MODELS]
    step += 1
    yield Frame(
        demo="rnn", step=step, total=step, stage="done", text=bptt_text + "\n" + text,
        scalars={k: accuracy[k] for k in MODELS},
        weights={**{f"initial {k}": weights[k] for k in ("U", "W", "V")}, "x": weights["x"], "target": weights["target"],
                 **{k: B.rows(v) for k, v in rnn.params().items()},
                 **{f"{kind} {k}": B.rows(v) if v.dim() > 1 else B.floats(v) for kind in ("lstm", "gru")
                    for k, v in gated[kind].items()}},
        charts=[grad_chart, acc_chart], series=[grad_series, *final_series],
        matrices=[summary_table, state_map, *gate_maps], pause=0.0, summary=summary,
    )
