"""Frames: what a demo shows at one moment, as plain data any front end can draw.

A demo is a generator of `Frame`s; the last one carries the run's `summary`. Frames hold only
numbers, strings and (nested) lists, never tensors, so the terminal renderer, `--json` and the
Textual app read the same thing. Curves are `Series`, scatter sets are `Points`, both placed in a
named `Chart`; tables of numbers, heatmaps and images (an image is a matrix of intensities in
[0, 1]) are `Matrix`es. No torch or numpy here: `dltutor demo list` imports this module.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Number = float | int


@dataclass
class Chart:
    """A plot area; series and points name it in their `chart` field."""

    name: str
    title: str
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None


@dataclass
class Series:
    """A curve: y against x (x defaults to 1, 2, 3, ...: epochs or steps)."""

    label: str
    y: list[float]
    x: list[float] | None = None
    chart: str = ""
    color: str = ""


@dataclass
class Points:
    """A set of points drawn with one marker, such as the examples of one class."""

    label: str
    x: list[float]
    y: list[float]
    chart: str = ""
    marker: str = "●"
    color: str = ""


@dataclass
class Matrix:
    """Numbers in rows and columns: a weight matrix ("table"), a heatmap, or an image.

    An image's values are intensities in [0, 1]; a heatmap's are any numbers, drawn on `limits`
    when given (so a map filling in over several frames keeps its colours), else on its own
    range. A value of None is a cell with no value: drawn blank, and `blank_label` says why (a map
    still filling in). `marked` cells ([row, col] pairs: a
    sliding window, a receptive field, the weights that are exactly zero) are drawn picked out,
    and `mark_label` says what they are.
    """

    label: str
    values: list[list[float | None]]
    rows: list[str] = field(default_factory=list)
    cols: list[str] = field(default_factory=list)
    kind: Literal["table", "heatmap", "image"] = "table"
    limits: tuple[float, float] | None = None
    marked: list[list[int]] = field(default_factory=list)
    mark_label: str = ""
    blank_label: str = ""


@dataclass
class Frame:
    demo: str
    step: int
    total: int  # how many steps the run expects: for progress bars; step == total at the end
    stage: str = ""  # which part of the demo: "perceptron", "mlp", "forward", ...
    text: str = ""  # what the learner is looking at, in a sentence or two
    scalars: dict[str, Any] = field(default_factory=dict)  # numbers, flags and short labels
    weights: dict[str, list[Any]] = field(default_factory=dict)  # vectors or matrices
    charts: list[Chart] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    points: list[Points] = field(default_factory=list)
    matrices: list[Matrix] = field(default_factory=list)
    pause: float = 0.3  # seconds a player shows this frame at speed 1
    summary: dict[str, Any] | None = None  # only on the last frame of a run

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: no summary key before the last frame, inf and nan as null."""
        data = asdict(self)
        if data["summary"] is None:
            del data["summary"]
        return _finite(data)


def _finite(value: Any) -> Any:
    # JSON has no Infinity or NaN; a diverged loss is reported as null (and "diverged": true).
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def percent(share: float) -> str:
    """A share as a percentage, never rounded to 0% or 100% when it is not exactly that."""
    value = 100 * share
    shown = f"{value:.0f}"
    if shown in ("0", "100") and value not in (0.0, 100.0):
        shown = f"{value:.1f}" if f"{value:.1f}" not in ("0.0", "100.0") else f"{value:.2g}"
    return shown + "%"
