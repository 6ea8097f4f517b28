"""`receptive-field`: each layer's field, by formula, against the input pixels autograd finds in the test."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dltutor.demos import geometry, receptive_field
from dltutor.demos import options as opt
from dltutor.demos.registry import find_demo

RF = find_demo("receptive-field")


def _seen_by_autograd(layers: str, size: int) -> list[set[tuple[int, int]]]:
    """For each layer, the input pixels on which its centre unit depends: a stack of our own with
    random positive weights and average pooling (no cancellation), differentiated by autograd."""
    gen = torch.Generator().manual_seed(5)
    x = torch.rand(1, 1, size, size, dtype=torch.float64, generator=gen).requires_grad_(True)
    h, seen = x, []
    for part in layers.split(","):
        kind, rest = part[:4], part[4:]
        k, _, s = rest.partition("s")
        k = int(k)
        s = int(s) if s else (1 if kind == "conv" else k)
        if kind == "conv":
            w = torch.rand(1, 1, k, k, dtype=torch.float64, generator=gen) + 0.5
            h = F.conv2d(h, w, stride=s)
        else:
            h = F.avg_pool2d(h, k, s)
        unit = (h.shape[-1] - 1) // 2
        (g,) = torch.autograd.grad(h[0, 0, unit, unit], x, retain_graph=True)
        seen.append({(r, c) for r, c in (g[0, 0] != 0).nonzero().tolist()})
    return seen


@pytest.mark.parametrize("layers", ["conv3,conv3,pool2,conv3", "conv3s2,conv3s2,conv3", "conv5,pool3s1,conv2",
                                    "conv1s2,conv3", "pool2,pool2,conv3", "conv7"])
def test_each_layers_field_is_what_autograd_finds(layers):
    options, _ = opt.check(RF, {"layers": layers})
    frames = list(receptive_field.run(**options))
    summary = frames[-1].summary
    n = summary["input_size"]
    seen = _seen_by_autograd(layers, n)
    assert len(summary["layers"]) == len(seen) == len(frames)
    for layer, pixels in zip(summary["layers"], seen):
        rows = sorted({r for r, _ in pixels})
        cols = sorted({c for _, c in pixels})
        extent = rows[-1] - rows[0] + 1
        assert cols[-1] - cols[0] + 1 == extent
        assert layer["rf"] == layer["rf_autograd"] == extent
        # Exactly its receptive field: every pixel of the square, or (a kernel smaller than its
        # stride) a square with holes, said so.
        square = {(r, c) for r in range(rows[0], rows[-1] + 1) for c in range(cols[0], cols[-1] + 1)}
        assert layer["exact"] == (pixels == square)
        assert layer["zero_inside"] == len(square - pixels)
    holes = layers == "conv1s2,conv3"
    assert summary["all_exact"] is not holes
    if holes:
        assert "has holes" in frames[-1].text


def test_the_formula_grows_by_kernel_minus_one_times_the_jump():
    layers = geometry.parse_layers("--layers", "conv3,conv3,pool2,conv3,conv5s2,pool2")
    assert geometry.receptive_fields(layers) == [(3, 1), (5, 1), (6, 2), (10, 2), (18, 4), (22, 8)]
    assert geometry.smallest_input(layers) == 22
    assert geometry.sizes(22, layers)[-1] == 1 and geometry.sizes(21, layers)[-1] < 1


@pytest.mark.parametrize("text, message", [
    ("fc3", "'fc3' is not a layer"), ("conv3,,pool2", "'' is not a layer"), ("conv0", "kernels go from 1"),
    ("conv3s0", "strides go from 1"), (",".join(["conv3"] * 17), "at most 16 layers"),
])
def test_layers_it_cannot_read_are_refused(text, message):
    with pytest.raises(opt.BadOption, match=message):
        opt.check(RF, {"layers": text})


def test_an_input_smaller_than_the_field_is_refused_with_the_size_it_needs():
    with pytest.raises(opt.BadOption, match=r"--size 9 is too small .* at least 10×10"):
        opt.check(RF, {"layers": "conv3,conv3,pool2,conv3", "size": 9})
    opt.check(RF, {"layers": "conv3,conv3,pool2,conv3", "size": 10})
