"""`conv`: a filter slid over a small image, then ReLU and pooling; output size and parameter sharing.

The window is slid by hand: each output is the sum of the window times the filter, element by
element (what CNNs call convolution is this cross-correlation: the filter is not flipped, as in
torch's conv2d). The whole map is then computed again by torch's conv2d and the two compared;
the output size is lecture 6's W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1, beside the shape torch returns.
Parameter sharing: the layer's F·F weights and one bias serve every position, where a dense
layer mapping the same input to the same output needs a weight for every pair.
"""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos import geometry, pictures
from dltutor.demos.frames import Frame, Matrix

POSITIONS = 4  # outputs of the first row shown one by one; then a row per frame
POOL = 2  # pooling windows: 2×2, stride 2


def _num(v: float) -> str:
    v += 0.0  # −0.0, from −1 × 0, reads as 0
    return f"({v:.3g})" if v < 0 else f"{v:.3g}"


def _agrees(diff: float) -> str:
    return "exactly" if diff == 0 else f"to {diff:.1e}"


def _columns(n: int) -> str:
    return "1 column" if n == 1 else f"{n} columns"


def _box(r0: int, c0: int, rows: int, cols: int) -> list[list[int]]:
    """The border cells of a box, for marking a window without hiding what is inside it."""
    return [[r, c] for r in range(r0, r0 + rows) for c in range(c0, c0 + cols)
            if r in (r0, r0 + rows - 1) or c in (c0, c0 + cols - 1)]


def _pool(fmap: list[list[float]], kind: str) -> list[list[float]]:
    """Max or average over each 2×2 window at stride 2; a last odd row or column is left out."""
    n = len(fmap) // POOL
    out = []
    for i in range(n):
        row = []
        for j in range(n):
            window = [fmap[POOL * i + a][POOL * j + b] for a in range(POOL) for b in range(POOL)]
            row.append(max(window) if kind == "max" else sum(window) / len(window))
        out.append(row)
    return out


def run(image: str = "7", filter: str = "edge-x", size: int = 12, kernel: int = 3, stride: int = 1,
        padding: int = 0, pool: str = "max") -> Iterator[Frame]:
    torch = B.torch
    F, S, P = kernel, stride, padding
    pixels = pictures.image(image, size)
    weights = pictures.kernel(filter, F)
    x = B.tensor(pixels)
    k = B.tensor(weights)
    padded = torch.nn.functional.pad(x, (P, P, P, P))
    W2 = geometry.output_size(size, F, S, P)
    expected = torch.nn.functional.conv2d(x[None, None], k[None, None], stride=S, padding=P)[0, 0]
    torch_size = list(expected.shape)
    reach = max(float(expected.abs().max()), 1e-12)
    limits = (-reach, reach)
    fmap: list[list[float | None]] = [[None] * W2 for _ in range(W2)]
    padded_rows = B.rows(padded)
    filter_table = Matrix(f"filter {filter}, {F}×{F}", [list(r) for r in weights],
                          rows=[str(i + 1) for i in range(F)], cols=[str(j + 1) for j in range(F)])
    formula = (f"W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1 = ⌊({size} − {F} + 2·{P})/{S}⌋ + 1 = {W2}; torch's conv2d returns "
               f"{torch_size[0]}×{torch_size[1]}.")
    left_out = (size - F + 2 * P) % S
    if left_out:
        formula += (f" {size - F + 2 * P} is not a multiple of {S}: the last {left_out} padded row(s) and column(s) "
                    "are never under the window.")
    total = 3 + min(POSITIONS, W2) + W2

    def frame(step: int, stage: str, text: str, window: tuple[int, int] | None, extra: list[Matrix],
              pause: float, scalars: dict | None = None) -> Frame:
        marked = _box(window[0] * S, window[1] * S, F, F) if window else []
        inputs = Matrix(f"input {size}×{size}" + (f", padded with {P} zero(s)" if P else ""), [r[:] for r in padded_rows],
                        kind="image", marked=marked, mark_label="the window" if window else "")
        out = Matrix(f"output {W2}×{W2}", [r[:] for r in fmap], kind="heatmap", limits=limits,
                     blank_label="not computed yet",
                     marked=[[window[0], window[1]]] if window else [], mark_label="this output" if window else "")
        return Frame(demo="conv", step=step, total=total, stage=stage, text=text,
                     scalars=scalars or {"W₂": W2, "F": F, "S": S, "P": P},
                     matrices=[inputs, out, *extra], pause=pause)

    yield frame(0, "geometry", f"The image {image!r} at {size}×{size}, and the {filter} filter. " + formula,
                None, [filter_table], 1.5)

    def output_at(i: int, j: int) -> tuple[float, list[list[float]]]:
        # One output: the F×F window under position (i, j), times the filter element by element, summed.
        window = padded[i * S:i * S + F, j * S:j * S + F]
        products = window * k
        return float(products.sum()), B.rows(products)

    step = 0
    for j in range(min(POSITIONS, W2)):
        value, products = output_at(0, j)
        fmap[0][j] = value
        step += 1
        terms = " + ".join(_num(v) for row in products for v in row) if F <= 3 else f"the {F * F} products"
        yield frame(step, "slide", f"Output (1, {j + 1}): the window at rows 1–{F}, columns {j * S + 1}–{j * S + F} "
                    f"of the padded input, times the filter element by element, summed: {terms} = {value:.4g}. "
                    f"The window then moves {_columns(S)} right.", (0, j),
                    [Matrix("window × filter", products, rows=[str(r + 1) for r in range(F)],
                            cols=[str(c + 1) for c in range(F)]), filter_table], 0.7)
    for i in range(W2):
        for j in range(W2):
            if fmap[i][j] is None:
                fmap[i][j] = output_at(i, j)[0]
        step += 1
        yield frame(step, "slide", f"Row {i + 1} of the output done: the window slid along rows {i * S + 1}–{i * S + F} "
                    f"of the padded input, {W2} positions, {_columns(S)} at a time. " + formula, (i, W2 - 1),
                    [filter_table], 0.25)
    hand = B.tensor(fmap)
    diff = float((hand - expected).abs().max())
    done = [list(map(float, r)) for r in fmap]  # every cell is computed by now
    negative = sum(v < 0 for row in done for v in row)
    top = max((v, r, c) for r, row in enumerate(done) for c, v in enumerate(row))
    low = min((v, r, c) for r, row in enumerate(done) for c, v in enumerate(row))
    relu = [[max(0.0, v) for v in row] for row in done]
    step += 1
    yield Frame(demo="conv", step=step, total=total, stage="relu",
                text=(f"All {W2 * W2} outputs, slid by hand, equal torch's conv2d {_agrees(diff)}. Largest {top[0]:.3g} at "
                      f"({top[1] + 1}, {top[2] + 1}), smallest {low[0]:.3g} at ({low[1] + 1}, {low[2] + 1}). ReLU, "
                      f"max(0, z), sets the {negative} negative output(s) to 0."),
                scalars={"W₂": W2, "negative outputs": negative, "max |hand − torch|": diff},
                matrices=[Matrix(f"output {W2}×{W2}", done, kind="heatmap", limits=limits),
                          Matrix(f"after ReLU {W2}×{W2}", relu, kind="heatmap", limits=limits)], pause=1.5)
    pooled = _pool(relu, pool)
    pooled_size = len(pooled)
    op = torch.nn.functional.max_pool2d if pool == "max" else torch.nn.functional.avg_pool2d
    by_torch = op(B.tensor(relu)[None, None], POOL, POOL)[0, 0]
    pool_diff = float((B.tensor(pooled) - by_torch).abs().max())
    conv_layer = torch.nn.Conv2d(1, 1, F, stride=S, padding=P)
    dense_layer_params = geometry.dense_params(size * size, W2 * W2)
    params_conv = geometry.conv_params(F)
    params_torch = sum(p.numel() for p in conv_layer.parameters())
    what = "the largest" if pool == "max" else "the mean"
    pooling_text = (f"{'Max' if pool == 'max' else 'Average'} pooling keeps {what} of each 2×2 window, stride 2: "
                    f"{W2}×{W2} → {pooled_size}×{pooled_size}, {W2 * W2} numbers → {pooled_size * pooled_size}"
                    + (f" (the last row and column are left out: ⌊{W2}/2⌋ = {pooled_size})" if W2 % 2 else "")
                    + f"; torch's {pool}_pool2d agrees {_agrees(pool_diff)}.")
    sharing = (f"Parameter sharing: this conv layer has F·F + 1 = {F}·{F} + 1 = {params_conv} parameters (torch's "
               f"Conv2d counts {params_torch}), the same {F * F} weights at every one of the {W2 * W2} positions. A dense "
               f"layer from the {size * size} inputs to the same {W2 * W2} outputs needs {size * size}·{W2 * W2} + "
               f"{W2 * W2} = {dense_layer_params:,}.")
    step += 1
    yield Frame(demo="conv", step=step, total=total, stage="pool", text=pooling_text,
                scalars={"pooled": f"{pooled_size}×{pooled_size}", "max |hand − torch|": pool_diff},
                matrices=[Matrix(f"after ReLU {W2}×{W2}", relu, kind="heatmap", limits=limits),
                          Matrix(f"{pool} pooled {pooled_size}×{pooled_size}", pooled, kind="heatmap", limits=limits)],
                pause=1.5)
    summary = {
        "input_size": size,
        "kernel": F,
        "stride": S,
        "padding": P,
        "output_size": W2,
        "torch_output_size": torch_size[0],
        "params_conv": params_conv,
        "params_dense": dense_layer_params,
        "pooled_size": pooled_size,
        "image": image,
        "filter": filter,
        "pool": pool,
        "negative_outputs": negative,
        "max_abs_diff": diff,
        "pool_max_abs_diff": pool_diff,
    }
    step += 1
    yield Frame(demo="conv", step=total, total=total, stage="sharing",
                text=f"{formula} {pooling_text} {sharing}",
                scalars={"conv params": params_conv, "dense params": dense_layer_params},
                matrices=[Matrix(f"input {size}×{size}", [r[:] for r in pixels], kind="image"),
                          Matrix(f"after ReLU {W2}×{W2}", relu, kind="heatmap", limits=limits),
                          Matrix(f"{pool} pooled {pooled_size}×{pooled_size}", pooled, kind="heatmap", limits=limits),
                          filter_table],
                pause=1.0, summary=summary)
