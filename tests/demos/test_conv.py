"""`conv`: output sizes, parameter counts, the slid window and pooling, each recomputed by torch in the test."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dltutor.demos import conv, geometry, pictures
from dltutor.demos import options as opt
from dltutor.demos.registry import find_demo

CONV = find_demo("conv")


def test_output_sizes_and_parameter_counts_match_torch_for_every_geometry():
    # Every kernel 1–5, stride 1–3, padding 0–2 and input 5–16 (540 layers), and smaller inputs and
    # larger kernels that do not fit: what torch's Conv2d returns and counts, against the demo's
    # formula and its check before torch.
    checked = refused = 0
    for size in range(3, 17):
        for kernel in range(1, 8):
            for stride in range(1, 4):
                for padding in range(3):
                    layer = torch.nn.Conv2d(1, 1, kernel, stride=stride, padding=padding)
                    values = {"size": size, "kernel": kernel, "stride": stride, "padding": padding, "filter": "blur"}
                    try:
                        out = layer(torch.zeros(1, 1, size, size)).shape[-1]
                    except RuntimeError:  # the kernel does not fit the padded input
                        with pytest.raises(opt.BadOption, match="larger than the padded image"):
                            opt.check(CONV, values)
                        refused += 1
                        continue
                    assert geometry.output_size(size, kernel, stride, padding) == out
                    assert geometry.conv_params(kernel) == sum(p.numel() for p in layer.parameters())
                    dense = torch.nn.Linear(size * size, out * out)
                    assert geometry.dense_params(size * size, out * out) == sum(p.numel() for p in dense.parameters())
                    if out >= 2:
                        opt.check(CONV, values)
                    else:  # a 1×1 map cannot be pooled 2×2
                        with pytest.raises(opt.BadOption, match="2×2 pooling needs at least 2×2"):
                            opt.check(CONV, values)
                    checked += 1
    assert checked > 540 and refused > 10


@pytest.mark.parametrize("options", [
    {},
    {"kernel": 5, "stride": 2, "padding": 2},
    {"size": 7, "kernel": 4, "stride": 3, "padding": 1, "image": "x", "filter": "sharpen", "pool": "avg"},
    {"size": 16, "kernel": 2, "stride": 1, "padding": 0, "image": "a", "filter": "edge-y"},
])
def test_a_run_shows_what_torch_computes(options):
    checked, _ = opt.check(CONV, options)
    frames = list(conv.run(**checked))
    summary = frames[-1].summary
    size, k, s, p = checked["size"], checked["kernel"], checked["stride"], checked["padding"]
    x = torch.tensor(pictures.image(checked["image"], size), dtype=torch.float64)[None, None]
    w = torch.tensor(pictures.kernel(checked["filter"], k), dtype=torch.float64)[None, None]
    out = F.conv2d(x, w, stride=s, padding=p)
    relu = out.clamp(min=0)
    pooled = (F.max_pool2d if checked["pool"] == "max" else F.avg_pool2d)(relu, 2, 2)
    assert summary["output_size"] == summary["torch_output_size"] == out.shape[-1]
    assert summary["pooled_size"] == pooled.shape[-1]
    assert summary["params_conv"] == sum(q.numel() for q in torch.nn.Conv2d(1, 1, k).parameters())
    assert summary["params_dense"] == sum(q.numel() for q in torch.nn.Linear(size * size, out.shape[-1] ** 2).parameters())
    assert summary["negative_outputs"] == int((out < 0).sum())
    last = {m.label: m.values for m in frames[-1].matrices}
    shown_relu = torch.tensor(next(v for label, v in last.items() if label.startswith("after ReLU")), dtype=torch.float64)
    shown_pool = torch.tensor(next(v for label, v in last.items() if "pooled" in label), dtype=torch.float64)
    assert torch.allclose(shown_relu, relu[0, 0], atol=1e-12) and torch.allclose(shown_pool, pooled[0, 0], atol=1e-12)
    # The geometry sentence has the numbers filled in.
    assert f"= ⌊({size} − {k} + 2·{p})/{s}⌋ + 1 = {out.shape[-1]}" in frames[0].text


def test_the_window_slides_by_the_stride_and_each_output_is_its_sum():
    checked, _ = opt.check(CONV, {"kernel": 3, "stride": 2, "padding": 1, "image": "t"})
    frames = [f for f in conv.run(**checked) if f.stage == "slide"]
    x = torch.tensor(pictures.image("t", 12), dtype=torch.float64)
    padded = F.pad(x, (1, 1, 1, 1))
    k = torch.tensor(pictures.kernel("edge-x", 3), dtype=torch.float64)
    for j, frame in enumerate(frames[:conv.POSITIONS]):
        window = next(m for m in frame.matrices if m.kind == "image").marked
        rows = {r for r, _ in window}
        cols = {c for _, c in window}
        assert rows == set(range(0, 3)) and cols == set(range(2 * j, 2 * j + 3))  # its border, at (0, 2j)
        products = next(m for m in frame.matrices if m.label == "window × filter").values
        expected = padded[0:3, 2 * j:2 * j + 3] * k
        assert torch.allclose(torch.tensor(products, dtype=torch.float64), expected)
        out = next(m for m in frame.matrices if m.label.startswith("output")).values
        assert out[0][j] == pytest.approx(float(expected.sum()), abs=1e-12)


def test_pictures_are_drawn_at_twelve_and_filters_are_the_textbook_ones_at_three():
    for name in pictures.IMAGES:
        grid = pictures.drawn(name)
        assert len(grid) == 12 and all(len(row) == 12 for row in grid) and 0 < sum(map(sum, grid)) < 144
        assert pictures.image(name, 12) == grid
        assert abs(sum(map(sum, pictures.image(name, 6))) * 4 - sum(map(sum, grid))) < 1e-9  # ink is kept
    assert pictures.kernel("edge-x", 3) == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    assert pictures.kernel("edge-y", 3) == [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]
    assert sum(map(sum, pictures.kernel("blur", 4))) == pytest.approx(1)
    assert sum(map(sum, pictures.kernel("sharpen", 5))) == pytest.approx(1)
