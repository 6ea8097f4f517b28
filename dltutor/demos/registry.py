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

from dltutor.demos import geometry, pictures
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


def _conv_geometry(o: dict[str, Any]) -> None:
    size, f, s, p = o["size"], o["kernel"], o["stride"], o["padding"]
    if f > size + 2 * p:
        raise BadOption(f"--kernel {f} is larger than the padded image: {size} + 2·{p} = {size + 2 * p}; "
                        "choose a smaller --kernel or more --padding")
    if f == 1 and o["filter"] in ("edge-x", "edge-y"):
        raise BadOption(f"--filter {o['filter']} needs --kernel 2 or more: a 1×1 filter has no neighbours to compare")
    w2 = geometry.output_size(size, f, s, p)
    if w2 < 2:
        raise BadOption(f"--kernel {f}, --stride {s} and --padding {p} turn the {size}×{size} image into a "
                        f"{w2}×{w2} map, and 2×2 pooling needs at least 2×2: choose a smaller --kernel or --stride")


def _conv_work(o: Mapping[str, Any]) -> float:
    w2 = geometry.output_size(o["size"], o["kernel"], o["stride"], o["padding"])
    side = o["size"] + 2 * o["padding"]
    # ~25 µs an output slid by hand; a frame per output row carries the padded image and the map.
    return 25e-6 * w2 * w2 + 4e-6 * w2 * (side * side + w2 * w2)


def _layers(option: str, text: str) -> str:
    geometry.parse_layers(option, text)  # BadOption for a layer it cannot read
    return text.strip().lower()


def _field_fits(o: dict[str, Any]) -> None:
    layers = geometry.parse_layers("--layers", o["layers"])
    need = geometry.smallest_input(layers)
    if o["size"] and o["size"] < need:
        raise BadOption(f"--size {o['size']} is too small for --layers {o['layers']}: the last layer's receptive field is "
                        f"{need} pixels, so the input must be at least {need}×{need}")


def _field_work(o: Mapping[str, Any]) -> float:
    layers = geometry.parse_layers("--layers", o["layers"])
    n = o["size"] or geometry.smallest_input(layers) + 6
    # A backward pass per layer over an n×n input, and a frame carrying it.
    return len(layers) * (2e-3 + 3e-6 * n * n)


def _vanishing_work(o: Mapping[str, Any]) -> float:
    # Four activations, each `steps` + 3 forward and backward passes through depth + 1 layers.
    per_layer = 1.5e-4 + 1.5e-8 * o["width"] ** 2
    return 4 * (o["steps"] + 3) * (o["depth"] + 1) * per_layer


def _regularization_work(o: Mapping[str, Any]) -> float:
    # Four copies in one tensor: ~25 operations an epoch over the points and 200 validation inputs;
    # 17 frames, each carrying the loss curves (200 points at most) and the weights.
    hidden, epochs = o["hidden"], o["epochs"]
    per_epoch = 2.5e-4 + 3e-9 * hidden * (o["points"] + 200)
    return epochs * per_epoch + 17 * (0.02 + 1e-5 * hidden)


def _momentum_work(o: Mapping[str, Any]) -> float:
    return 7e-5 * o["max_steps"]  # three runs in one tensor: ~6 operations a step, and their paths


def _cnn_work(o: Mapping[str, Any]) -> float:
    # Two networks, a forward and backward pass over the training set each epoch.
    return 0.05 + o["epochs"] * (2e-3 + 4e-6 * o["train"] * o["filters"])


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
    DemoInfo(
        name="conv",
        title="Convolution: a filter slides over an image",
        lecture="lecture-6",
        summary="a filter slides over an image; ReLU, pooling, W₂, shared weights",
        module="dltutor.demos.conv",
        formulas=(FormulaRef("lecture-6", "cnn-fundamentals", r"W_2 = \frac{(W_1 - F + 2P)}{S} + 1"),),
        own_formulas=(
            r"W_2 = \left\lfloor \frac{W_1 - F + 2P}{S} \right\rfloor + 1",
            r"y_{ij} = \sum_{a,b} x_{iS + a,\, jS + b}\, k_{ab}",
            r"\text{params}_{\text{conv}} = F^2 + 1, \quad \text{params}_{\text{dense}} = W_1^2 W_2^2 + W_2^2",
        ),
        terms=("convolution", "filter-kernel", "pooling", "weight-sharing", "receptive-field"),
        try_next=(
            "dltutor demo conv --filter edge-y --image t   (horizontal strokes light up)",
            "dltutor demo conv --kernel 5 --stride 2 --padding 2   (W₂ = ⌊(12 − 5 + 4)/2⌋ + 1 = 6)",
            "dltutor demo conv --pool avg --filter blur",
            "dltutor demo receptive-field   (what one unit of a deeper layer sees)",
        ),
        help="A filter slid over a small image, then ReLU and pooling; the output size W₂ checked against "
             "torch's conv2d, and parameter sharing counted (lecture 6).",
        options=(
            Option("image", "--image", str, "7", f"The image: {', '.join(pictures.IMAGES)}.",
                   partial(choice, choices=pictures.IMAGES)),
            Option("filter", "--filter", str, "edge-x", f"The filter: {', '.join(pictures.FILTERS)}.",
                   partial(choice, choices=pictures.FILTERS)),
            Option("size", "--size", int, 12, "The image's side W₁ in pixels (drawn at 12, resampled).",
                   partial(count, least=3, most=32)),
            Option("kernel", "--kernel", int, 3, "The filter's side F.", partial(count, most=geometry.MAX_KERNEL)),
            Option("stride", "--stride", int, 1, "The stride S: how far the window moves each step.",
                   partial(count, most=geometry.MAX_KERNEL)),
            Option("padding", "--padding", int, 0, "The padding P: zeros added around the image.",
                   partial(count, least=0, most=8)),
            Option("pool", "--pool", str, "max", "Pooling after ReLU: max or avg (2×2, stride 2).",
                   partial(choice, choices=("max", "avg"))),
        ),
        relate=_conv_geometry,
        work=_conv_work,
        costly=("size", "kernel", "stride", "padding"),
    ),
    DemoInfo(
        name="receptive-field",
        title="Receptive fields: what one unit sees",
        lecture="lecture-6",
        summary="what one unit sees, layer by layer, by formula and autograd",
        module="dltutor.demos.receptive_field",
        formulas=(),
        own_formulas=(r"r_l = r_{l-1} + (k_l - 1)\, j_{l-1}, \quad j_l = j_{l-1}\, s_l, \quad r_0 = j_0 = 1",),
        terms=("receptive-field", "convolution", "pooling", "filter-kernel"),
        try_next=(
            "dltutor demo receptive-field --layers conv3,conv3,conv3,conv3   (each conv3 adds 2)",
            "dltutor demo receptive-field --layers conv3s2,conv3s2,conv3   (strides make fields grow faster)",
            "dltutor demo receptive-field --layers conv1s2,conv3   (a kernel smaller than its stride leaves holes)",
            "dltutor demo conv",
        ),
        help="A stack of conv and pool layers: the receptive field of one unit per layer, by formula and by "
             "autograd, drawn over the input (lecture 6).",
        options=(
            Option("layers", "--layers", str, "conv3,conv3,pool2,conv3",
                   "Layers separated by commas: convK, poolK (K the kernel), sS for a stride (conv3s2).", _layers),
            Option("size", "--size", int, 0, "The input's side; 0: just larger than the last receptive field.",
                   partial(count, least=0, most=96)),
        ),
        relate=_field_fits,
        work=_field_work,
        costly=("layers", "size"),
    ),
    DemoInfo(
        name="vanishing",
        title="Vanishing gradients and dying ReLU",
        lecture="lecture-8",
        summary="gradients layer by layer in a deep MLP, four activations; dead ReLUs",
        module="dltutor.demos.vanishing",
        formulas=(
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\frac{1}{1 + e^{-z_i}}"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\max(0, z_i)"),
            FormulaRef("lecture-5", "purpose-of-non-linear-activation-functions", r"\max(z, \alpha z)"),
        ),
        own_formulas=(
            r"\delta_l = (\delta_{l+1} W_{l+1}) \odot g'(z_l), \quad \frac{\partial \text{loss}}{\partial W_l} = \delta_l^T h_{l-1}",
            r"\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 0.25",
        ),
        terms=("vanishing-gradient", "relu", "activation-function", "weight-initialization", "residual-network"),
        try_next=(
            "dltutor demo vanishing --init default   (torch's default init: every activation's gradient shrinks)",
            "dltutor demo vanishing --residual   (skip connections carry the gradient past each layer)",
            "dltutor demo vanishing --depth 4",
            "dltutor demo vanishing --big-lr 30   (a bigger step silences more ReLU units)",
            "dltutor demo activations   (the slopes g'(z) behind it)",
        ),
        help="A deep MLP's gradient norm at every layer, at the start and after training, for sigmoid, tanh, ReLU "
             "and leaky ReLU; dying ReLU after a step too large (lectures 5 and 8).",
        options=(
            Option("depth", "--depth", int, 12, "Hidden layers.", partial(count, most=50)),
            Option("width", "--width", int, 32, "Units per hidden layer.", partial(count, least=2, most=256)),
            Option("init", "--init", str, "he", "Starting weights: default (torch's), xavier or he.",
                   partial(choice, choices=("default", "xavier", "he"))),
            Option("residual", "--residual", bool, False, "Skip connections: hₗ = hₗ₋₁ + g(zₗ) from layer 2 on."),
            learning_rate(0.01),
            Option("steps", "--steps", int, 40, "Training steps before the gradients are measured again.",
                   partial(count, least=0, most=10_000)),
            learning_rate(3.0, "big_lr", "The learning rate of the one step too large, for dying ReLU."),
            seed(),
        ),
        work=_vanishing_work,
        costly=("depth", "width", "steps"),
    ),
    DemoInfo(
        name="regularization",
        title="Overfitting and regularization: early stopping, L2, L1, dropout",
        lecture="lecture-8",
        summary="few noisy points: early stopping, L2 shrinks, L1 zeroes, dropout",
        module="dltutor.demos.regularization",
        formulas=(FormulaRef("lecture-8", "overfitting-and-regularization", r"\text{RegLoss}(w)"),),
        own_formulas=(
            r"\text{L1: } \text{Loss}(w) + \gamma \sum_{j} |w_j|, \quad w \leftarrow \operatorname{sign}(w) \max(|w| - \lambda\gamma, 0)",
            r"\text{dropout: } \tilde h = \frac{m \odot h}{1 - p}, \quad m_i \sim \text{Bernoulli}(1 - p)",
        ),
        terms=("l2-regularisation", "l1-regularisation", "dropout", "weights", "epoch"),
        try_next=(
            "dltutor demo regularization --penalty 0.05   (a stronger γ: more weights at exactly 0)",
            "dltutor demo regularization --points 40   (more data)",
            "dltutor demo regularization --dropout 0.5",
            "dltutor demo regularization --epochs 3000 --seed 2",
        ),
        help="An over-large network on a few noisy points: train and validation loss, the early-stopping epoch; "
             "L2 shrinks the weights, L1 sets some to exactly 0, dropout (lecture 8).",
        options=(
            Option("points", "--points", int, 12, "Training points (noisy samples of sin(πx)).",
                   partial(count, least=2, most=1000)),
            Option("hidden", "--hidden", int, 64, "Hidden tanh units.", partial(count, most=512)),
            Option("epochs", "--epochs", int, 800, "Epochs of full-batch gradient descent.", partial(count, most=100_000)),
            learning_rate(0.03),
            Option("penalty", "--penalty", float, 0.01, "γ, the strength of the L2 and L1 penalties (0: none).",
                   partial(between, least=0, most=100)),
            Option("dropout", "--dropout", float, 0.3, "p, the chance each hidden unit is dropped in a step.", fraction),
            Option("noise", "--noise", float, 0.3, "The noise's standard deviation.", partial(between, least=0, most=10)),
            seed(),
        ),
        work=_regularization_work,
        costly=("points", "hidden", "epochs"),
    ),
    DemoInfo(
        name="momentum",
        title="Momentum in a ravine",
        lecture="lecture-8",
        summary="GD against momentum in a narrow ravine; the best β for κ",
        module="dltutor.demos.momentum",
        formulas=(FormulaRef("lecture-4", "gradient-descent", r"\Delta w_i = -\lambda"),),
        own_formulas=(
            r"v \leftarrow \beta v - \lambda \nabla f(w), \quad w \leftarrow w + v",
            r"f(w) = \tfrac{1}{2}(w_1^2 / \kappa + w_2^2)",
            r"\beta^* = \max_h (1 - \sqrt{\lambda h})^2, \quad \text{rate } \sqrt{\beta^*}",
        ),
        terms=("momentum", "gradient-descent", "learning-rate"),
        try_next=(
            "dltutor demo momentum --condition 1000 --max-steps 20000   (a narrower ravine)",
            "dltutor demo momentum --beta 0.99   (past β*: more steps than at 0.9)",
            "dltutor demo momentum --lr 1   (λ = 1/L: one gradient step reaches the ravine's floor)",
            "dltutor demo gd   (the learning rate's own limit, 2/L)",
        ),
        help="Gradient descent against momentum (--beta) on a quadratic ravine of condition number κ: both paths "
             "over the contour lines, steps to a tolerance, and the best β for κ (lecture 8).",
        options=(
            Option("condition", "--condition", float, 100.0, "κ, how much steeper the walls are than the floor.",
                   partial(between, least=1, most=1e6)),
            Option("beta", "--beta", float, 0.9, "Momentum's β, from 0 to below 1.", fraction),
            Option("lr", "--lr", float, 1.5, "The learning rate λ (the walls' curvature is 1, so λ < 2 is stable).",
                   partial(positive, most=10)),
            Option("tol", "--tol", float, 1e-6, "Stop at f(w) ≤ TOL·f(w₀).", partial(between, least=1e-15, most=0.5)),
            Option("max_steps", "--max-steps", int, 2000, "Give up after this many steps.", partial(count, most=1_000_000)),
        ),
        work=_momentum_work,
        costly=("max_steps",),
    ),
    DemoInfo(
        name="cnn",
        title="A CNN learns bars; pooling and shifted images",
        lecture="lecture-6",
        summary="a tiny CNN learns bars; shifted images with and without pooling",
        module="dltutor.demos.cnn",
        formulas=(FormulaRef("lecture-4", "gradient-descent", r"\Delta w_i = -\lambda"),),
        own_formulas=(
            r"\text{pool: } s = V \max_{i,j} \operatorname{ReLU}(k * x)_{ij} + c, \quad "
            r"\text{no pool: } s = V \operatorname{vec}(\operatorname{ReLU}(k * x)) + c",
        ),
        terms=("convolution", "pooling", "filter-kernel", "weight-sharing", "data-augmentation"),
        try_next=(
            "dltutor demo cnn --shift 0   (no shift: both networks on familiar ground)",
            "dltutor demo cnn --filters 1",
            "dltutor demo cnn --noise 0.4 --seed 2",
            "dltutor demo conv   (one filter, slid by hand)",
        ),
        help="A tiny CNN trained on horizontal against vertical bars; its learned filters, and accuracy on "
             "shifted images with and without pooling (lecture 6).",
        options=(
            Option("shift", "--shift", int, 4, "Pixels the test bars are moved right and down.",
                   partial(count, least=0, most=5)),
            Option("filters", "--filters", int, 4, "3×3 filters in the conv layer.", partial(count, most=32)),
            Option("epochs", "--epochs", int, 60, "Epochs of full-batch gradient descent.", partial(count, most=20_000)),
            learning_rate(0.5),
            Option("train", "--train", int, 200, "Training images.", partial(count, least=2, most=5000)),
            Option("noise", "--noise", float, 0.1, "Pixel noise's standard deviation.", partial(between, least=0, most=2)),
            seed(),
        ),
        work=_cnn_work,
        costly=("epochs", "train", "filters"),
    ),
)

_BY_NAME = {name: d for d in DEMOS for name in (d.name, *d.aliases)}
# What a lecture's visual aid may name as its demo (the content loader checks against it).
DEMO_NAMES = frozenset(d.name for d in DEMOS)


def find_demo(name: str) -> DemoInfo | None:
    return _BY_NAME.get(name.strip().lower())


def lecture_demos(lecture: Any) -> tuple[str, ...]:
    """A lecture's demos: those that show its visual aids, then the others that run its ideas, each once."""
    return tuple(dict.fromkeys([*lecture.demos, *(d.name for d in DEMOS if d.lecture == lecture.id)]))


def term_demos(term_id: str) -> tuple[str, ...]:
    """The demos that show a glossary term at work (those that list it among their terms), in course order."""
    return tuple(d.name for d in sorted(DEMOS, key=lambda d: int(d.lecture.rpartition("-")[2] or 0))
                 if term_id in d.terms)


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
