"""Every demo by name: its lecture, glossary terms, formulas, options and the module that runs it.

A light table: no torch, numpy or rich, so `dltutor demo list`, the command line's checks and the
app's form can read it without paying for the demo engine. The formulas are pointers into the
lectures' own text (lecture, topic, a piece of the LaTeX), so a demo shows the formula exactly as
`dltutor read` does; the few a demo derives itself (backprop's deltas, the stability limit) are
its own. The options are `Option` specs (dltutor.demos.options): both front ends are built from
them. `work` estimates, from the options alone, the seconds a run computes on a small CPU (the
constants were measured on this project's 2-core CI machine, `--json` output included), so that a
run of hours is refused before it starts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping

from dltutor.demos.options import (
    BadOption, Option, between, choice, count, finite, fraction, learning_rate, positive, seed, vector,
)


@dataclass(frozen=True)
class FormulaRef:
    """The math in `lecture`'s topic `topic` whose LaTeX contains `contains`."""

    lecture: str
    topic: str
    contains: str


@dataclass(frozen=True)
class DemoInfo:
    name: str
    title: str
    lecture: str  # the lecture that explains what the demo runs
    summary: str  # one line for `dltutor demo list`
    module: str
    formulas: tuple[FormulaRef, ...]
    own_formulas: tuple[str, ...] = ()  # LaTeX the demo derives; not in the guidebook
    terms: tuple[str, ...] = ()  # glossary ids
    aliases: tuple[str, ...] = ()
    try_next: tuple[str, ...] = ()
    help: str = ""  # what `dltutor demo NAME --help` says the demo does
    options: tuple[Option, ...] = ()  # in the order the command line and the form show them
    relate: Callable[[dict[str, Any]], None] | None = None  # checks across options; BadOption if wrong
    work: Callable[[Mapping[str, Any]], float] = lambda options: 0.0  # estimated seconds of computing
    costly: tuple[str, ...] = ()  # the options `work` grows with: named when a run is refused


# --- checks across options, and the work estimates ------------------------------------------------


def _same_length(options: dict[str, Any]) -> None:
    xs, ws = options["x"], options["w"]
    if len(xs) != len(ws):
        raise BadOption(f"--x and --w must have the same length: {len(xs)} input(s) but {len(ws)} weight(s)")


def _batch_within_points(options: dict[str, Any]) -> None:
    count("--batch-size", options["batch_size"], most=options["points"])


def _not_xor(option: str, value: str) -> str:
    if value.strip().lower() == "xor":
        raise BadOption("no perceptron learns XOR (it is not linearly separable); run `dltutor demo xor` to watch why")
    return choice(option, value, ("and", "or", "nand", "not"))


def _perceptron_work(o: Mapping[str, Any]) -> float:
    n = o["points"] if o["data"] == "random" else 4
    epochs = o["epochs"]
    if o["init"] == "zero":
        # Novikoff: from zero weights at most (R/γ)² updates, and every epoch but the last makes
        # one. The random points keep 0.05 from their line in [−1, 1]², so R² ≤ 3 and
        # γ ≥ 0.05/√1.16: at most 1,392 updates. (A random start has no such bound.)
        epochs = min(epochs, 1393)
    # ~26 µs an example; each epoch's frame carries the updates of every epoch so far.
    return 26e-6 * n * epochs + 8e-7 * epochs**2 + 2e-4 * n


def _xor_work(o: Mapping[str, Any]) -> float:
    # The perceptron from zero weights walks λ times an integer grid, the same walk for every λ:
    # it repeats a state within a few epochs. From a random start a small λ can take thousands;
    # each epoch's frame carries the errors of every example so far.
    epochs = min(o["epochs"], 20) if o["init"] == "zero" else o["epochs"]
    return 60e-6 * epochs + 3.3e-6 * epochs**2 + (75e-6 + 0.3e-6 * o["hidden"]) * o["mlp_epochs"]


def _gd_work(o: Mapping[str, Any]) -> float:
    n, epochs = o["points"], o["epochs"]
    # Updates per epoch: SGD n, mini-batch n/b, batch GD 1, the sweep 3; ~40 µs each.
    updates = epochs * (n + math.ceil(n / o["batch_size"]) + 4)
    # One frame per epoch carries every curve so far (6 of them): the frames grow with epochs².
    return 40e-6 * updates + 6e-6 * epochs**2


def _backprop_work(o: Mapping[str, Any]) -> float:
    return (1.6e-4 + 1e-6 * o["hidden"] * len(o["x"])) * o["steps"]


DEMOS: tuple[DemoInfo, ...] = (
    DemoInfo(
        name="neuron",
        title="One artificial neuron",
        lecture="lecture-1",
        summary="z = Σ wⱼxⱼ + b and y = g(z) for your inputs, under six activations",
        module="dltutor.demos.neuron",
        formulas=(
            FormulaRef("lecture-1", "neuron-structure", r"z_i = \sum"),
            FormulaRef("lecture-1", "neuron-structure", "y_i = g(z_i)"),
        ),
        terms=("weights", "activation-function", "binary-threshold-unit", "relu", "tanh"),
        try_next=(
            "dltutor demo neuron --x 1,1 --w 0.5,0.5 --b -0.7   (an AND gate: try --x 1,0)",
            "dltutor demo neuron --x 1,0 --w 0.5,-1 --b -2   (negative z: ReLU says 0, leaky ReLU does not)",
            "dltutor demo activations   (the six curves and their derivatives)",
        ),
        help="One neuron: z = Σ wⱼxⱼ + b, and y = g(z) under each of the six activations (lecture 1).",
        options=(
            Option("x", "--x", str, "1,0", "Inputs x₁,x₂,... separated by commas.", vector),
            Option("w", "--w", str, "0.5,-1", "Weights w₁,w₂,..., one per input.", vector),
            Option("b", "--b", float, 0.1, "The bias b.", finite),
            Option("alpha", "--alpha", float, 0.01, "Leaky ReLU's slope α for z < 0, from 0 to below 1.", fraction),
        ),
        relate=_same_length,
    ),
    DemoInfo(
        name="activations",
        title="Activation functions and their derivatives",
        lecture="lecture-5",
        summary="the six activations and their slopes; where each saturates",
        module="dltutor.demos.activations",
        formulas=(
            FormulaRef("lecture-2", "types-of-neurons", r"\begin{cases}"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\frac{1}{1 + e^{-z_i}}"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", "y_i = z_i"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\max(0, z_i)"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"e^{z} - e^{-z}"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\max(z, \alpha z)"),
        ),
        own_formulas=(r"\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 0.25", r"\tanh'(z) = 1 - \tanh^2(z)"),
        terms=("activation-function", "binary-threshold-unit", "relu", "tanh", "vanishing-gradient"),
        try_next=(
            "dltutor demo activations --range 10   (watch sigmoid and tanh flatten out)",
            "dltutor demo backprop   (the sigmoid's derivative inside the chain rule)",
            "dltutor glossary vanishing-gradient",
        ),
        help="BTU, linear, sigmoid, tanh, ReLU and leaky ReLU with their derivatives; where each saturates.",
        options=(
            Option("span", "--range", float, 6.0, "Plot z from −RANGE to RANGE.", partial(positive, most=1000)),
            Option("alpha", "--alpha", float, 0.01, "Leaky ReLU's slope α for z < 0, from 0 to below 1.", fraction),
        ),
    ),
    DemoInfo(
        name="perceptron",
        title="The perceptron learning rule",
        lecture="lecture-3",
        summary="Δw = λ(t − y)x on a gate or random points; Novikoff's bound",
        module="dltutor.demos.perceptron",
        formulas=(
            FormulaRef("lecture-3", "perceptron-learning-algorithm", r"y_k = \sigma"),
            FormulaRef("lecture-3", "perceptron-learning-algorithm", r"\Delta w_i ="),
            FormulaRef("lecture-3", "perceptron-learning-algorithm", r"w_i = w_i + \Delta w_i"),
        ),
        own_formulas=(r"\text{updates} \le (R / \gamma)^2",),
        terms=("perceptron", "learning-rate", "epoch", "hyperplane", "linear-separability", "cone-of-solutions"),
        try_next=(
            "dltutor demo perceptron --gate nand   (also or, not)",
            "dltutor demo perceptron --data random --points 40 --seed 3",
            "dltutor demo perceptron --init random   (the guidebook's random start)",
            "dltutor demo xor   (a gate no perceptron can learn)",
        ),
        help="The perceptron learning rule Δw = λ(t − y)x, epoch by epoch, with Novikoff's bound (lecture 3).",
        options=(
            Option("gate", "--gate", str, "and", "The gate to learn: and, or, nand, not.", _not_xor),
            Option("data", "--data", str, "gate", "gate, or random: separable points in the plane.",
                   partial(choice, choices=("gate", "random"))),
            Option("points", "--points", int, 20, "How many random points (with --data random).",
                   partial(count, least=2, most=1000)),
            learning_rate(0.1),
            Option("epochs", "--epochs", int, 100, "At most this many passes over the data.",
                   partial(count, most=100_000)),
            Option("init", "--init", str, "zero", "Starting weights: zero (as the theorem assumes) or random.",
                   partial(choice, choices=("zero", "random"))),
            seed(),
        ),
        work=_perceptron_work,
        costly=("points", "epochs"),
    ),
    DemoInfo(
        name="xor",
        title="XOR: where one perceptron fails and a hidden layer succeeds",
        lecture="lecture-2",
        summary="the perceptron cycles forever; a hidden layer solves XOR",
        module="dltutor.demos.xor",
        formulas=(
            FormulaRef("lecture-2", "linear-separability", r"\text{(Positive)}"),
            FormulaRef("lecture-2", "linear-separability", r"\text{(Negative)}"),
            FormulaRef("lecture-3", "perceptron-learning-algorithm", r"\Delta w_i ="),
        ),
        terms=("linear-separability", "perceptron", "building-theorem", "hidden-layer", "backpropagation"),
        try_next=(
            "dltutor demo xor --hidden 2 --seed 1   (the smallest MLP for XOR; some seeds get stuck)",
            "dltutor demo backprop   (one backprop step, number by number)",
            "dltutor read lecture-2",
        ),
        help="XOR: the perceptron cycles forever; an MLP with a hidden layer learns it by backprop (lecture 2).",
        options=(
            learning_rate(0.1),
            Option("epochs", "--epochs", int, 50, "At most this many perceptron epochs.", partial(count, most=100_000)),
            Option("init", "--init", str, "zero", "The perceptron's starting weights: zero or random.",
                   partial(choice, choices=("zero", "random"))),
            Option("hidden", "--hidden", int, 4, "Hidden units of the MLP.", partial(count, most=64)),
            learning_rate(2.0, "mlp_lr", "The MLP's learning rate."),
            Option("mlp_epochs", "--mlp-epochs", int, 2000, "Epochs of backprop for the MLP.",
                   partial(count, most=1_000_000)),
            seed(),
        ),
        work=_xor_work,
        costly=("epochs", "hidden", "mlp_epochs"),
    ),
    DemoInfo(
        name="gradient-descent",
        title="Gradient descent: batch, stochastic and mini-batch",
        lecture="lecture-4",
        summary="batch GD, SGD, mini-batch; on a quadratic loss, batch GD diverges past λ = 2/L",
        module="dltutor.demos.gradient_descent",
        formulas=(
            FormulaRef("lecture-4", "gradient-descent", r"\Delta w_i = -\lambda"),
            FormulaRef("lecture-5", "loss-function-role", r"\text{MSE}"),
        ),
        own_formulas=(r"\text{quadratic loss: batch GD converges from any start iff } \lambda < 2/L, \quad L = \text{the largest eigenvalue of } \nabla^2 \text{loss}",),
        terms=("gradient-descent", "stochastic-gradient-descent", "learning-rate", "epoch", "momentum"),
        aliases=("gd",),
        try_next=(
            "dltutor demo gd --lr 1.1   (just past the stability limit: batch GD diverges)",
            "dltutor demo gd --batch-size 16 --seed 2",
            "dltutor demo gd --data classification   (logistic regression, cross-entropy)",
        ),
        help="Batch GD, SGD and mini-batch on the same data; on a quadratic loss batch GD diverges past λ = 2/L (lecture 4).",
        options=(
            Option("data", "--data", str, "regression", "regression (MSE, a quadratic) or classification (cross-entropy).",
                   partial(choice, choices=("regression", "classification"))),
            Option("points", "--points", int, 64, "How many examples.", partial(count, least=2, most=100_000)),
            learning_rate(0.5),
            Option("epochs", "--epochs", int, 30, "Passes over the data.", partial(count, most=100_000)),
            Option("batch_size", "--batch-size", int, 8, "Examples per mini-batch.", partial(count, most=100_000)),
            Option("noise", "--noise", float, 0.3, "Noise in the data.", partial(between, least=0, most=10)),
            seed(),
        ),
        relate=_batch_within_points,
        work=_gd_work,
        costly=("points", "epochs", "batch_size"),
    ),
    DemoInfo(
        name="backprop",
        title="Backpropagation, one step at a time",
        lecture="lecture-5",
        summary="a 2-2-1 MLP step by step, gradients checked by autograd",
        module="dltutor.demos.backprop",
        formulas=(
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\frac{1}{1 + e^{-z_i}}"),
            FormulaRef("lecture-5", "loss-function-role", r"\text{MSE}"),
            FormulaRef("lecture-4", "gradient-descent", r"\Delta w_i = -\lambda"),
        ),
        own_formulas=(
            r"\delta_o = -2(t - y)\, y (1 - y)",
            r"\delta_j = h_j (1 - h_j)\, w_{oj} \delta_o",
            r"\frac{\partial \text{loss}}{\partial w_{ji}} = \delta_j x_i",
        ),
        terms=("backpropagation", "chain-rule", "delta", "computational-graph", "hidden-layer", "learning-rate"),
        try_next=(
            "dltutor demo backprop --x 0,1 --t 0 --steps 50",
            "dltutor demo backprop --lr 5   (a big step: does the loss still fall?)",
            "dltutor demo xor   (the same algorithm, trained until XOR is solved)",
        ),
        help="A small sigmoid MLP, one backprop step at a time, every gradient checked by autograd (lecture 5).",
        options=(
            Option("x", "--x", str, "1,0", "The input x₁,x₂,... separated by commas.", partial(vector, max_len=8)),
            Option("t", "--t", float, 1.0, "The target output, from 0 to 1.", partial(between, least=0, most=1)),
            Option("hidden", "--hidden", int, 2, "Hidden units.", partial(count, most=8)),
            learning_rate(0.5),
            Option("steps", "--steps", int, 20, "Training steps; the first is shown in detail.",
                   partial(count, most=100_000)),
            seed(),
        ),
        work=_backprop_work,
        costly=("steps",),
    ),
)

_BY_NAME = {name: d for d in DEMOS for name in (d.name, *d.aliases)}
# What a lecture's visual aid may name as its demo (the content loader checks against it).
DEMO_NAMES = frozenset(d.name for d in DEMOS)


def find_demo(name: str) -> DemoInfo | None:
    return _BY_NAME.get(name.strip().lower())


_MATH = re.compile(r"(?<!\\)\$((?:[^$\\]|\\.)+?)\$", re.S)


def formulas(info: DemoInfo, course: Any) -> list[tuple[str, str]]:
    """The demo's formulas as (LaTeX, where from), taken from the lectures' own text.

    A reference the content no longer holds is skipped (the tests keep them all found); the
    demo's own derivations follow, marked as such.
    """
    out: list[tuple[str, str]] = []
    for ref in info.formulas:
        lecture = course.lecture(ref.lecture)
        topic = lecture.topic(ref.topic) if lecture is not None else None
        if topic is None:
            continue
        math = next((m for m in _MATH.findall(topic.text) if ref.contains in m), None)
        if math is not None:
            out.append((math, f"Lecture {lecture.number}: {topic.title}"))
    out += [(latex, "this demo") for latex in info.own_formulas]
    return out
