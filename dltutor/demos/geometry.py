"""Sizes and receptive fields of conv and pool layers, in plain integers (no torch).

The command line checks a demo's geometry with these before torch is imported, and the demos
show the same numbers beside what torch computes. Lecture 6's output size, with the floor that
a stride which does not divide leaves the last rows and columns out:

    W₂ = ⌊(W₁ − F + 2P) / S⌋ + 1

A unit's receptive field grows layer by layer: with r the field and j the distance in input
pixels between neighbouring units (the product of the strides so far), a layer of kernel k
and stride s gives r ← r + (k − 1)·j and j ← j·s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dltutor.demos.options import BadOption
from dltutor.textsafe import clean_line


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1; 0 or less means the kernel does not fit the padded input."""
    return (size - kernel + 2 * padding) // stride + 1


def conv_params(kernel: int, channels_in: int = 1, channels_out: int = 1) -> int:
    """One F×F filter per pair of channels, shared by every position, plus a bias per output channel."""
    return kernel * kernel * channels_in * channels_out + channels_out


def dense_params(inputs: int, outputs: int) -> int:
    """A fully connected layer: a weight from every input to every output, plus a bias per output."""
    return inputs * outputs + outputs


@dataclass(frozen=True)
class Layer:
    kind: str  # "conv" or "pool"
    kernel: int
    stride: int

    @property
    def name(self) -> str:
        default = 1 if self.kind == "conv" else self.kernel
        return f"{self.kind}{self.kernel}" + (f"s{self.stride}" if self.stride != default else "")


_LAYER = re.compile(r"^(conv|pool)(\d{1,3})(?:s(\d{1,3}))?$")
MAX_LAYERS = 16
MAX_KERNEL = 15


def parse_layers(option: str, text: str) -> list[Layer]:
    """'conv3,conv3,pool2,conv5s2' -> layers: convK has stride 1 and poolK stride K unless sS says otherwise."""
    names = [part.strip().lower() for part in text.split(",")]
    if not text.strip() or not names:
        raise BadOption(f"{option} takes layers separated by commas, like conv3,conv3,pool2,conv3")
    if len(names) > MAX_LAYERS:
        raise BadOption(f"{option} takes at most {MAX_LAYERS} layers; got {len(names)}")
    layers = []
    for name in names:
        match = _LAYER.match(name)
        if match is None:
            shown = clean_line(name)[:30]
            raise BadOption(f"{option}: {shown!r} is not a layer; write convK or poolK (K its size, e.g. conv3, pool2), "
                            "with sS for a stride (conv3s2)")
        kind, k = match.group(1), int(match.group(2))
        stride = int(match.group(3)) if match.group(3) else (1 if kind == "conv" else k)
        if not 1 <= k <= MAX_KERNEL:
            raise BadOption(f"{option}: {name} has a kernel of {k}; kernels go from 1 to {MAX_KERNEL}")
        if not 1 <= stride <= MAX_KERNEL:
            raise BadOption(f"{option}: {name} has a stride of {stride}; strides go from 1 to {MAX_KERNEL}")
        layers.append(Layer(kind, k, stride))
    return layers


def receptive_fields(layers: list[Layer]) -> list[tuple[int, int]]:
    """(receptive field, jump) after each layer: r ← r + (k − 1)·j, j ← j·s, from r = j = 1."""
    r, j = 1, 1
    out = []
    for layer in layers:
        r += (layer.kernel - 1) * j
        j *= layer.stride
        out.append((r, j))
    return out


def sizes(size: int, layers: list[Layer]) -> list[int]:
    """The side of each layer's output for a size×size input, without padding."""
    out = []
    for layer in layers:
        size = output_size(size, layer.kernel, layer.stride, 0)
        out.append(size)
    return out


def field_box(layers: list[Layer], depth: int, unit: int) -> tuple[int, int]:
    """First and last input pixel (along one axis) that unit `unit` of layer `depth` (1-based) sees.

    Without padding a unit u of a layer with jump j starts at input pixel u·j, and its field is r wide.
    """
    r, j = receptive_fields(layers[:depth])[-1]
    return unit * j, unit * j + r - 1


def smallest_input(layers: list[Layer]) -> int:
    """The smallest input side with at least one output unit: the last layer's receptive field."""
    return receptive_fields(layers)[-1][0]
