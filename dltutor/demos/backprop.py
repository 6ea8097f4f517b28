"""`backprop`: one training step of a small sigmoid MLP, number by number, checked against autograd.

The network is inputs → hidden (sigmoid) → one output (sigmoid), loss (t − y)², as in
lecture 5. Step 1 is shown in stages: the forward pass, the output delta, the hidden deltas,
the weight gradients (each also computed by torch autograd in float64, the difference shown),
and the update Δw = −λ ∂loss/∂w. Further steps repeat the same and draw the loss.
"""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series

SUB = "₁₂₃₄₅₆₇₈₉"
LOSS_FRAMES = 40
ROUNDING = 1e-12  # hand-made and autograd gradients agree to this, relative to the gradients' size


def _names_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _names(n_in: int, n_hidden: int) -> list[str]:
    """Each weight named by its edge, in MLP.params() order: h₁←x₂ carries x₂ into h₁."""
    names = [f"h{SUB[j]}←x{SUB[i]}" for j in range(n_hidden) for i in range(n_in)]
    names += [f"h{SUB[j]}←1 (bias)" for j in range(n_hidden)]
    names += [f"y←h{SUB[j]}" for j in range(n_hidden)]
    return names + ["y←1 (bias)"]


def _p(v: float, digits: int) -> str:
    """A factor in a product: a negative one in parentheses."""
    return f"({v:.{digits}f})" if v < 0 else f"{v:.{digits}f}"


def _flat(grads: dict[str, "B.torch.Tensor"]) -> list[float]:
    return [v for key in ("W1", "b1", "W2", "b2") for v in B.floats(grads[key])]


def run(x: list[float], t: float = 1.0, hidden: int = 2, lr: float = 0.5, steps: int = 20,
        seed: int = 0) -> Iterator[Frame]:
    gen = B.generator(seed)
    model = B.MLP.init((len(x), hidden, 1), gen)
    X, T = B.tensor([x]), B.tensor([[t]])
    names = _names(len(x), hidden)
    hs = [f"h{SUB[j]}" for j in range(hidden)]
    f = model.forward(X)
    loss_before = B.mse(f.y, T)
    y = B.floats(f.y)[0]
    h = B.floats(f.h)
    back = model.backward(f, T)
    auto = B.autograd_gradients(model, X, T)
    diff = B.max_abs_diff(back.grads, auto)
    worst = diff
    d_out = B.floats(back.delta_out)[0]
    d_hidden = B.floats(back.delta_hidden)
    w_out = B.floats(model.W2)
    before = _flat(model.params())
    hand, by_autograd = _flat(back.grads), _flat(auto)

    forward_table = Matrix("step 1: forward pass", [[z, a] for z, a in zip(B.floats(f.z1) + B.floats(f.z2), h + [y])],
                           rows=[*hs, "y"], cols=["z = Σ wx + b", "σ(z)"])
    delta_table = Matrix(
        "step 1: deltas, by the chain rule",
        [[d_out]] + [[d] for d in d_hidden],
        rows=["δₒ = −2(t − y)·y(1 − y)", *(f"δ{SUB[j]} = h{SUB[j]}(1 − h{SUB[j]})·w(y←h{SUB[j]})·δₒ" for j in range(hidden))],
        cols=["value"],
    )
    grad_table = Matrix("step 1: gradients ∂loss/∂w = δ × input", [[a, b, abs(a - b)] for a, b in zip(hand, by_autograd)],
                        rows=names[:], cols=["by hand", "autograd", "|difference|"])
    model.update(back.grads, lr)  # Δw = −λ ∂loss/∂w
    after = _flat(model.params())
    update_table = Matrix(f"step 1: update Δw = −λ ∂loss/∂w, λ = {lr:g}", [[b, a - b, a] for b, a in zip(before, after)],
                          rows=names[:], cols=["w before", "Δw", "w after"])
    loss_after_1 = B.mse(model.forward(X).y, T)

    losses = [loss_before, loss_after_1]
    loss_steps = [0.0, 1.0]
    chart = Chart("loss", "loss (t − y)² by step", xlabel="step")
    total = 5 + steps - 1

    def frame(k: int, stage: str, text: str, tables: list[Matrix], summary: dict | None = None) -> Frame:
        return Frame(
            demo="backprop", step=k, total=total, stage=stage, text=text,
            scalars={"step": max(1, k - 4), "loss": losses[-1] if k >= 5 else loss_before,
                     "y": y if k < 5 else B.floats(model.forward(X).y)[0], "t": t, "autograd diff": worst},
            weights={key: B.rows(v) if v.dim() > 1 else B.floats(v) for key, v in model.params().items()},
            # The loss curve joins once there is more than one step to draw.
            charts=[chart] if k > 5 else [],
            series=[Series("loss", losses[:], loss_steps[:], chart="loss", color="orange")] if k > 5 else [],
            matrices=tables, pause=2.0 if k <= 5 else 0.1, summary=summary,
        )

    inputs = ", ".join(f"{v:g}" for v in x)
    yield frame(1, "forward", f"Forward pass for x = ({inputs}), target t = {t:g}: each hidden unit computes "
                f"z = Σ wx + b and h = σ(z); the output does the same with the h's: y = {y:.4f}, "
                f"loss (t − y)² = {loss_before:.5f}.", [forward_table])
    yield frame(2, "output delta", f"Backward pass. The output delta is ∂loss/∂z at the output, by the chain rule: "
                f"∂loss/∂y = −2(t − y) times σ'(z) = y(1 − y), so δₒ = −2·({t:g} − {y:.4f})·{y:.4f}·{1 - y:.4f} = "
                f"{d_out:.5f}.", [forward_table, delta_table])
    yield frame(3, "hidden deltas", "Each hidden delta is the output delta sent back through the weight that "
                "connects them, times that unit's own slope h(1 − h): "
                + "; ".join(f"δ{SUB[j]} = {h[j]:.4f}·{1 - h[j]:.4f}·{_p(w_out[j], 4)}·{_p(d_out, 5)} = {d_hidden[j]:.5f}"
                            for j in range(hidden)) + ".", [forward_table, delta_table])
    scale = max(1.0, *(abs(g) for g in by_autograd))
    agree = (f"torch autograd computed the same gradients independently: the largest difference is {diff:.1e}, "
             "rounding error in float64." if diff <= ROUNDING * scale else
             f"torch autograd computed them independently and disagrees by up to {diff:.1e}: a hand-made gradient "
             "is wrong.")
    yield frame(4, "gradients", "A weight's gradient is the delta of the unit it feeds times the input it carries "
                f"(1 for a bias). {agree}", [forward_table, delta_table, grad_table])
    still = [i for i, g in enumerate(hand) if g == 0]
    step_text = "The update Δw = −λ ∂loss/∂w moved " + ("every weight" if not still else "each weight") + \
        " against its gradient"
    if still:
        # A first-layer weight's gradient is δⱼ·xᵢ: zero when it carries an input of 0.
        zero_inputs = sorted({i % len(x) for i in still if i < hidden * len(x) and x[i % len(x)] == 0})
        carried = all(i < hidden * len(x) and x[i % len(x)] == 0 for i in still)
        step_text += (f", except {_names_list([names[i] for i in still])}, whose gradient is 0"
                      + (f" because {'it carries' if len(still) == 1 else 'they carry'} "
                         f"{_names_list([f'x{SUB[i]} = 0' for i in zero_inputs])}" if carried else "")
                      + ": " + ("it stays" if len(still) == 1 else "they stay") + " where " +
                      ("it was" if len(still) == 1 else "they were"))
    change = "fell" if loss_after_1 < loss_before else "rose" if loss_after_1 > loss_before else "stayed"
    step_text += f". The loss {change}: from {loss_before:.5f} to {loss_after_1:.5f}."
    yield frame(5, "update", step_text, [forward_table, delta_table, grad_table, update_table])

    every = max(1, (steps - 1) // LOSS_FRAMES)
    for k in range(2, steps + 1):
        f = model.forward(X)
        back = model.backward(f, T)
        worst = max(worst, B.max_abs_diff(back.grads, B.autograd_gradients(model, X, T)))
        model.update(back.grads, lr)
        if k % every == 0 or k == steps:
            losses.append(B.mse(model.forward(X).y, T))
            loss_steps.append(float(k))
            if k < steps:
                yield frame(4 + k, "training", f"Step {k}: the same forward pass, deltas, gradients (checked "
                            f"against autograd) and update. Loss {losses[-1]:.5f}.", [])
    loss_after = losses[-1]
    y_after = B.floats(model.forward(X).y)[0]
    text = (f"Step 1 in detail below. After {steps} step{'s' if steps > 1 else ''} of λ = {lr:g} the output moved from {y:.4f} to "
            f"{y_after:.4f} (target {t:g}) and the loss from {loss_before:.5f} to {loss_after:.5f}. Over every "
            f"step, hand-made and autograd gradients differed by at most {worst:.1e}.")
    summary = {
        "max_abs_diff": worst,
        "loss_before": loss_before,
        "loss_after": loss_after,
        "output_before": y,
        "output_after": y_after,
        "steps": steps,
        "lr": lr,
        "x": list(x),
        "t": t,
        "hidden": hidden,
    }
    yield frame(total, "done", text, [forward_table, delta_table, grad_table, update_table], summary)
