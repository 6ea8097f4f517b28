"""The receptive field of a stack of convolution layers: r = 1 + Σₗ (kₗ − 1)·Πᵢ₍ᵢ<ₗ₎ sᵢ (Lecture 6)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip

NAME = "receptive-field"
LECTURE = "lecture-6"
SUMMARY = "the receptive field of a unit after a stack of convolution layers"
TOLERANCE = 0.0


def draw(rng: random.Random) -> dict:
    n = rng.choice((2, 3, 3, 4))
    return {"layers": [[rng.choice((1, 2, 3, 3, 5, 7)), rng.choice((1, 1, 2))] for _ in range(n)]}


def answer(p: dict) -> int:
    field, jump = 1, 1
    for k, s in p["layers"]:
        field += (k - 1) * jump
        jump *= s
    return field


def sound(p: dict) -> bool:
    # A stride that matters (not just a sum), and none longer than its kernel: that would skip input
    # positions, and the field would no longer be every position inside it.
    return answer(p) != 1 + sum(k - 1 for k, _ in p["layers"]) and all(s <= k for k, s in p["layers"])


def question(p: dict) -> str:
    layers = "; ".join(f"layer {i}: kernel {k}, stride {s}" for i, (k, s) in enumerate(p["layers"], start=1))
    return (f"A stack of {len(p['layers'])} convolution layers (one dimension, no dilation) is applied to an input: "
            f"{layers}. How many input positions does one unit of the last layer see: how wide is its receptive "
            "field on the input?")


def solution(p: dict) -> list[str]:
    lines = ["Receptive field (Lecture 6): it grows with depth. Each layer adds (k − 1) positions, counted in "
             "input steps: one step of layer l spans the product of the strides below it, the jump",
             "Start at r = 1 (one input position) with jump 1"]
    field, jump = 1, 1
    for i, (k, s) in enumerate(p["layers"], start=1):
        grown = field + (k - 1) * jump
        lines.append(f"Layer {i} (kernel {k}, stride {s}): r = {field} + ({k} − 1)·{jump} = {grown}; "
                     f"jump = {jump}·{s} = {jump * s}")
        field, jump = grown, jump * s
    lines.append(f"r = {field}")
    return lines


def slips(p: dict) -> list[Slip]:
    layers = p["layers"]
    return [
        Slip("It looks like you added the kernels as if every stride were 1; a stride below a layer multiplies "
             "what that layer's kernel adds.", 1 + sum(k - 1 for k, _ in layers)),
        Slip("It looks like you added the kernel sizes; each layer adds k − 1 (one position is shared), and "
             "strides below it multiply that.", sum(k for k, _ in layers)),
        Slip("It looks like you multiplied by the layer's own stride too; a layer's stride only affects the "
             "layers above it.", _own_stride(layers)),
    ]


def _own_stride(layers: list) -> int:
    field, jump = 1, 1
    for k, s in layers:
        jump *= s
        field += (k - 1) * jump
    return field
