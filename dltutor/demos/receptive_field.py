"""`receptive-field`: what one unit of each layer of a conv/pool stack sees, by formula and by autograd.

The formula (dltutor.demos.geometry): from r = j = 1, each layer of kernel k and stride s gives
r ← r + (k − 1)·j and j ← j·s. The check: the centre unit of each layer is differentiated with
respect to the input by torch autograd; the input pixels with a non-zero gradient are the
pixels that unit depends on. For that to be exact the stack is given positive weights (all 1)
and average pooling, so no two paths cancel and every path counts: a pixel has a non-zero
gradient exactly when some path of the network connects it to the unit. The stack has no padding.
"""

from __future__ import annotations

from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos import geometry
from dltutor.demos.frames import Frame, Matrix


def auto_size(layers: list[geometry.Layer]) -> int:
    """An input a little larger than the last layer's field, so that the field is seen inside it."""
    return max(12, geometry.smallest_input(layers) + 6)


def _border(lo: int, hi: int) -> list[list[int]]:
    return [[r, c] for r in range(lo, hi + 1) for c in range(lo, hi + 1) if r in (lo, hi) or c in (lo, hi)]


def run(layers: str = "conv3,conv3,pool2,conv3", size: int = 0) -> Iterator[Frame]:
    torch = B.torch
    stack = geometry.parse_layers("--layers", layers)
    n = size or auto_size(stack)
    fields = geometry.receptive_fields(stack)
    sides = geometry.sizes(n, stack)
    x = B.tensor([[0.0] * n for _ in range(n)])[None, None].requires_grad_(True)
    outputs = []
    h = x
    for layer in stack:
        if layer.kind == "conv":
            ones = torch.ones((1, 1, layer.kernel, layer.kernel), dtype=B.DTYPE, device=x.device)
            h = torch.nn.functional.conv2d(h, ones, stride=layer.stride)
        else:
            h = torch.nn.functional.avg_pool2d(h, layer.kernel, layer.stride)
        outputs.append(h)
    rows: list[list[float]] = []
    names: list[str] = []
    results: list[dict] = []
    pause = min(1.5, 9.0 / len(stack))
    prev = (1, 1)
    for depth, (layer, out, (rf, jump), side) in enumerate(zip(stack, outputs, fields, sides), 1):
        unit = (side - 1) // 2
        (grad,) = torch.autograd.grad(out[0, 0, unit, unit], x, retain_graph=True)
        g = grad[0, 0]
        seen = (g != 0).nonzero().tolist()
        rows_seen = sorted({r for r, _ in seen})
        cols_seen = sorted({c for _, c in seen})
        rf_autograd = rows_seen[-1] - rows_seen[0] + 1
        lo, hi = geometry.field_box(stack, depth, unit)
        inside = (hi - lo + 1) ** 2
        exact = len(seen) == inside and rows_seen[0] == lo and rows_seen[-1] == hi and cols_seen == rows_seen
        results.append({"name": layer.name, "rf": rf, "rf_autograd": rf_autograd, "jump": jump, "output_size": side,
                        "exact": exact, "zero_inside": inside - len(seen)})
        names.append(f"{depth}. {layer.name}")
        rows.append([float(side), float(rf), float(rf_autograd), float(jump)])
        strength = B.rows(g / g.max())
        formula = f"r = {prev[0]} + ({layer.kernel} − 1)·{prev[1]} = {rf}, j = {prev[1]}·{layer.stride} = {jump}"
        if exact:
            check = (f"autograd finds a non-zero gradient on exactly the {rf}×{rf} pixels in the box (rows and "
                     f"columns {lo + 1}–{hi + 1}), zero elsewhere.")
        else:
            check = (f"autograd's non-zero gradients span {rf_autograd}×{rf_autograd} (rows {rows_seen[0] + 1}–"
                     f"{rows_seen[-1] + 1}), but {inside - len(seen)} of the {inside} pixels in the box have none: "
                     "a kernel smaller than its stride skips pixels, so the field has holes.")
        corner = float(g[lo, lo])
        centre = float(g[(lo + hi) // 2, (lo + hi) // 2])
        weight = (f" Shading: the paths from each pixel; the centre has {centre / corner:.3g} times a corner's."
                  if corner > 0 and centre / corner > 1.0001 else "")
        text = f"Layer {depth}, {layer.name}: {formula}. Centre unit ({unit + 1}, {unit + 1}) of its {side}×{side} output: {check}{weight}"
        summary = None
        if depth == len(stack):
            summary = {"layers": results, "input_size": n, "all_exact": all(r["exact"] for r in results)}
            text += f" {len(stack)} layers see {rf}×{rf} of the {n}×{n} input."
        yield Frame(
            demo="receptive-field", step=depth, total=len(stack), stage=layer.name, text=text,
            scalars={"layer": layer.name, "r": rf, "autograd": rf_autograd, "j": jump},
            matrices=[
                Matrix(f"input {n}×{n}: gradient of unit ({unit + 1}, {unit + 1}) of layer {depth}", strength,
                       kind="heatmap", limits=(0.0, 1.0), marked=_border(lo, hi), mark_label=f"the formula's {rf}×{rf}"),
                Matrix("receptive fields", [r[:] for r in rows], rows=names[:],
                       cols=["output", "r (formula)", "r (autograd)", "jump"]),
            ],
            pause=pause, summary=summary,
        )
        prev = (rf, jump)
