"""`neuron`: one artificial neuron, z = Σⱼ wⱼxⱼ + b and y = g(z), under each activation (lecture 1)."""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Frame, Matrix

_NOTES = {
    "BTU": "fires 1 only when z > 0, else 0: the perceptron's all-or-nothing output.",
    "linear": "passes z through unchanged; a network of linear units is still one linear map.",
    "sigmoid": "squashes z into (0, 1); z = 0 gives 0.5.",
    "tanh": "squashes z into (−1, 1), centred on 0.",
    "ReLU": "keeps a positive z, turns a negative one into 0.",
    "leaky ReLU": "keeps a positive z, lets a small αz through when z is negative.",
}


def _num(v: float) -> str:
    return f"({v:g})" if v < 0 else f"{v:g}"


def run(x: list[float], w: list[float], b: float, alpha: float = 0.01) -> Iterator[Frame]:
    X, W = B.tensor(x), B.tensor(w)
    products = B.floats(W * X)
    z = float(B.neuron(X, W, b))
    terms = " + ".join(f"{_num(wj)}·{_num(xj)}" for wj, xj in zip(w, x)) + (f" − {-b:g}" if b < 0 else f" + {b:g}")
    inputs = Matrix(
        "inputs × weights",
        [[xj, wj, p] for xj, wj, p in zip(x, w, products)],
        rows=[f"j={j}" for j in range(1, len(x) + 1)],
        cols=["xⱼ", "wⱼ", "wⱼxⱼ"],
    )
    zt = B.tensor([z])
    acts = B.activations(alpha)
    outputs: list[list[float]] = []
    names: list[str] = []
    y: dict[str, float] = {}
    sign = "positive" if z > 0 else "zero" if z == 0 else "negative"
    for k, act in enumerate(acts, 1):
        value = B.floats(act.g(zt))[0]
        slope = B.floats(act.dg(zt))[0]
        y[act.name] = value
        names.append(act.name)
        outputs.append([value, slope])
        last = k == len(acts)
        text = (
            f"z = {terms} = {z:.4g} ({sign}). "
            f"{act.name}: y = {value:.4g}; it {_NOTES[act.name]}"
        )
        if last:
            text = (
                f"The neuron weighs each input and adds the bias: z = {terms} = {z:.4g}. "
                "The activation g then decides what it passes on: the same z gives a different y "
                "under each activation, and g'(z) is how strongly y would follow a change in z, "
                "which is what gradient descent needs (BTU's is 0)."
            )
        yield Frame(
            demo="neuron",
            step=k,
            total=len(acts),
            stage=act.name,
            text=text,
            scalars={"z": z, "b": b, "activation": act.name, "y": value},
            weights={"w": list(w), "x": list(x)},
            matrices=[inputs, Matrix("each activation", [r[:] for r in outputs],
                                     rows=names[:], cols=["y = g(z)", "g'(z)"])],
            pause=0.8,
            summary={"z": z, "y": dict(y), "b": b, "x": list(x), "w": list(w), "alpha": alpha} if last else None,
        )
