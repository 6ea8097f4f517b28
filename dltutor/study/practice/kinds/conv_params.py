"""Parameters of a convolution layer against a dense layer on the same input and output (Lecture 6)."""

from __future__ import annotations

import random

from dltutor.study.practice.problem import Slip

NAME = "conv-params"
LECTURE = "lecture-6"
SUMMARY = "parameter counts of a convolution layer and of a dense layer doing the same mapping"
TOLERANCE = 0.0


def draw(rng: random.Random) -> dict:
    return {"h": rng.choice((4, 5, 6, 8, 10)), "c_in": rng.choice((1, 2, 3, 4)), "c_out": rng.choice((2, 4, 6, 8, 16)),
            "k": rng.choice((3, 5))}


def counts(p: dict) -> tuple[int, int]:
    h, c_in, c_out, k = p["h"], p["c_in"], p["c_out"], p["k"]
    inputs, outputs = h * h * c_in, h * h * c_out
    return c_out * (k * k * c_in + 1), inputs * outputs + outputs


def answer(p: dict) -> tuple:
    return counts(p)


def question(p: dict) -> str:
    h, c_in, c_out, k = p["h"], p["c_in"], p["c_out"], p["k"]
    return (f"An input is {h}×{h} with {c_in} channel{'s' * (c_in != 1)}. A convolution layer with {c_out} filters "
            f"of size {k}×{k}, each with one bias, maps it to {c_out} output channels of {h}×{h} (stride 1, 'same' "
            "padding). "
            f"How many parameters does it have? And how many does a dense (fully connected) layer have that maps "
            f"the same {h * h * c_in} inputs to the same {h * h * c_out} outputs, one bias per output? Give the "
            "convolution's count first.")


def solution(p: dict) -> list[str]:
    h, c_in, c_out, k = p["h"], p["c_in"], p["c_out"], p["k"]
    per_filter = k * k * c_in + 1
    conv = c_out * per_filter
    inputs, outputs = h * h * c_in, h * h * c_out
    dense = inputs * outputs + outputs
    return [
        "Parameter sharing (Lecture 6): each filter's weights are used at every position, so a filter has "
        "k·k·C_in weights and one bias however large the input",
        f"One filter: {k}·{k}·{c_in} + 1 = {per_filter}; {c_out} filters: {c_out}·{per_filter} = {conv}",
        f"The dense layer connects each of the {h}·{h}·{c_in} = {inputs} inputs to each of the {h}·{h}·{c_out} = "
        f"{outputs} outputs, plus one bias per output: {inputs}·{outputs} + {outputs} = {dense}",
        f"The dense layer needs about {round(dense / conv)} times as many.",
        f"(conv, dense) = [{conv}, {dense}]",
    ]


def slips(p: dict) -> list[Slip]:
    h, c_in, c_out, k = p["h"], p["c_in"], p["c_out"], p["k"]
    inputs, outputs = h * h * c_in, h * h * c_out
    return [
        Slip("The convolution's count leaves out the biases: one per filter.", c_out * k * k * c_in, index=0),
        Slip("The convolution's count leaves out the input channels: each filter spans all C_in of them "
             "(k·k·C_in weights).", c_out * (k * k + 1), index=0),
        Slip("The dense layer's count leaves out its biases: one per output.", inputs * outputs, index=1),
    ]
