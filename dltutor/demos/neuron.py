"""`neuron`: one artificial neuron, z = Σⱼ wⱼxⱼ + b and y = g(z), under each activation (lecture 1).

z is computed exactly on the decimals the learner typed (fractions), and so are the outputs
that a threshold decides: BTU, ReLU and leaky ReLU ask whether z > 0, and 0.1 + 0.2 − 0.3 must
be 0 there as it is by hand, not 5.6e-17. Only the smooth activations, sigmoid and tanh, are
evaluated in floats.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Frame, Matrix

_NOTES = {
    "BTU": "fires 1 only when z > 0, else 0: the perceptron's all-or-nothing output.",
    "linear": "passes z through unchanged; a network of linear units still computes one linear function "
    "of its inputs (plus a constant).",
    "sigmoid": "squashes z into (0, 1); z = 0 gives 0.5.",
    "tanh": "squashes z into (−1, 1), centred on 0.",
    "ReLU": "keeps a positive z, turns a negative one into 0.",
    "leaky ReLU": "keeps a positive z, lets a small αz through when z is negative.",
}
SMOOTH = ("sigmoid", "tanh")


def typed_text(v: float) -> str:
    """A number as the learner typed it: 0.1, not 0.1000000000000000055 or 0.100000."""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def equals(q: Fraction, digits: int = 12) -> str:
    """"= 0.3" when the exact value is a decimal of at most `digits` significant digits, else "≈ 0.0944974"."""
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        with localcontext() as ctx:
            ctx.prec = 200  # a terminating decimal of typed inputs: plenty, then trimmed
            value = (Decimal(q.numerator) / Decimal(q.denominator)).normalize()
        if len(value.as_tuple().digits) <= digits:
            text = f"{value:f}"
            return "= 0" if text in ("0", "-0") else f"= {text}"
    return f"≈ {float(q):.6g}"


def _factor(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def exact_outputs(z: Fraction, alpha: Fraction) -> dict[str, tuple[Fraction, Fraction]]:
    """(y, g'(z)) for the activations a threshold decides, exactly. At z = 0 the slopes are the
    left-hand ones: BTU jumps there and ReLU and leaky ReLU bend, so none has a derivative at 0."""
    positive = z > 0
    return {
        "BTU": (Fraction(int(positive)), Fraction(0)),
        "linear": (z, Fraction(1)),
        "ReLU": (z if positive else Fraction(0), Fraction(int(positive))),
        "leaky ReLU": (z if positive else alpha * z, Fraction(1) if positive else alpha),
    }


def agreement(z: Fraction, exact: dict[str, Fraction], names: list[str]) -> list[list[str]]:
    """The activations grouped by equal output y, in table order.

    The piecewise ones are compared exactly. Sigmoid and tanh are rational at z = 0 only (1/2
    and 0); at any other rational z, and typed decimals are rational, e^z is transcendental
    (Lindemann), so σ(z) and tanh(z) equal no rational output and not each other (σ(z) = tanh(z)
    only at z = ln(1 + √2)).
    """
    key: dict[str, object] = dict(exact)
    if z == 0:
        key.update({"sigmoid": Fraction(1, 2), "tanh": Fraction(0)})
    else:
        key.update({"sigmoid": "sigmoid", "tanh": "tanh"})
    groups: dict[object, list[str]] = {}
    for name in names:
        groups.setdefault(key[name], []).append(name)
    return list(groups.values())


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def run(x: list[float], w: list[float], b: float, alpha: float = 0.01) -> Iterator[Frame]:
    xs, ws, bias, a = [B.typed(v) for v in x], [B.typed(v) for v in w], B.typed(b), B.typed(alpha)
    products = [wj * xj for wj, xj in zip(ws, xs)]
    z = sum(products, Fraction(0)) + bias  # z = Σⱼ wⱼxⱼ + b, exactly
    z_is = equals(z)
    terms = " + ".join(f"{_factor(typed_text(wj))}·{_factor(typed_text(xj))}" for wj, xj in zip(w, x))
    terms += f" − {typed_text(-b)}" if b < 0 else f" + {typed_text(b)}"
    inputs = Matrix(
        "inputs × weights",
        [[xj, wj, float(p)] for xj, wj, p in zip(x, w, products)],
        rows=[f"j={j}" for j in range(1, len(x) + 1)],
        cols=["xⱼ", "wⱼ", "wⱼxⱼ"],
    )
    exact = exact_outputs(z, a)
    smooth = {act.name: act for act in B.activations(float(alpha)) if act.name in SMOOTH}
    zt = B.tensor([float(z)])
    names = [act.name for act in B.activations(float(alpha))]
    values: dict[str, float] = {}
    slopes: dict[str, float] = {}
    shown: dict[str, str] = {}
    for name in names:
        if name in exact:
            y, slope = exact[name]
            values[name], slopes[name], shown[name] = float(y), float(slope), equals(y)
        else:
            values[name] = B.floats(smooth[name].g(zt))[0]
            slopes[name] = B.floats(smooth[name].dg(zt))[0]
            # Exact only at z = 0 (σ(0) = 1/2, tanh 0 = 0); elsewhere irrational, so rounded.
            shown[name] = f"= {values[name]:g}" if z == 0 else f"≈ {values[name]:.4g}"
    sign = "positive" if z > 0 else "zero" if z == 0 else "negative"

    groups = agreement(z, {n: y for n, (y, _) in exact.items()}, names)
    # Never six: BTU and ReLU agree for z ≤ 0, linear, ReLU and leaky ReLU for z > 0.
    verb = {1: "gives", 2: "both give"}
    outputs = f"here the six give {len(groups)} different outputs: " + "; ".join(
        f"{_names(g)} {verb.get(len(g), 'all give')} y {shown[g[0]]}" for g in groups)
    if z == 0:
        slope_note = (f"At z = 0 exactly, BTU jumps and ReLU and leaky ReLU bend, so none of them has a derivative "
                      f"there; the table shows their slope from the left (0, 0 and α = {typed_text(alpha)}).")
    else:
        slope_note = "BTU's is 0: no gradient flows through a step."
    final = (f"The neuron weighs each input and adds the bias: z = {terms} {z_is}. The activation g then "
             f"decides what it passes on: {outputs}. g'(z) is how strongly y would follow a change in z, which is "
             f"what gradient descent needs. {slope_note}")

    outputs_table: list[list[float]] = []
    for k, name in enumerate(names, 1):
        outputs_table.append([values[name], slopes[name]])
        last = k == len(names)
        text = final if last else f"z = {terms} {z_is} ({sign}). {name}: y {shown[name]}; it {_NOTES[name]}"
        yield Frame(
            demo="neuron",
            step=k,
            total=len(names),
            stage=name,
            text=text,
            scalars={"z": float(z), "b": b, "activation": name, "y": values[name]},
            weights={"w": list(w), "x": list(x)},
            matrices=[inputs, Matrix("each activation", [r[:] for r in outputs_table],
                                     rows=names[:k], cols=["y = g(z)", "g'(z)"])],
            pause=0.8,
            summary={"z": float(z), "z_exact": z_is.removeprefix("= ") if z_is.startswith("=") else None, "y": dict(values), "b": b, "x": list(x), "w": list(w),
                     "alpha": alpha} if last else None,
        )
