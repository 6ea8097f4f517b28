"""Every demo by name: its lecture, glossary terms, formulas and the module that runs it.

A light table: no torch, numpy or rich, so `dltutor demo list` and the course can read it
without paying for the demo engine. The formulas are pointers into the lectures' own text
(lecture, topic, a piece of the LaTeX), so a demo shows the formula exactly as `dltutor read`
does; the few a demo derives itself (backprop's deltas, the stability limit) are its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


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
    ),
)

_BY_NAME = {name: d for d in DEMOS for name in (d.name, *d.aliases)}


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
