"""One demo frame drawn with Textual widgets: its text, charts (textual-plotext), weights, tables and heatmaps.

The same `Frame`s the command line plays (dltutor.demos.frames) arrive here one at a time; the
widgets are kept and updated in place, so a run redraws only what its frames change. The pure
helpers of the terminal renderer (fmt, nice_ticks, heatmaps, the summary grid) are shared.
"""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series
from dltutor.render.demo import fmt, heatmap_view, nice_ticks, summary_view, weights_view
from dltutor.textsafe import clean_line, clean_text

# plotext colour names that rich spells differently, for the legends under the charts.
_RICH_COLOR = {"orange": "dark_orange", "gray": "grey50"}


def _finite_xy(xs: list[Any], ys: list[Any]) -> tuple[list[float], list[float]]:
    kept = [(x, y) for x, y in zip(xs, ys)
            if x is not None and y is not None and math.isfinite(x) and math.isfinite(y)]
    return [x for x, _ in kept], [y for _, y in kept]


def _clamped(ys: list[float], lim: tuple[float, float] | None) -> list[float]:
    """Values held just outside the chart's limits: a diverging loss (1e30) still leaves through the top,
    but plotext no longer interpolates millions of points along the way (seconds per frame)."""
    if lim is None or not lim[1] > lim[0]:
        return ys
    margin = lim[1] - lim[0]
    return [min(max(y, lim[0] - margin), lim[1] + margin) for y in ys]


def _labels(ticks: list[float]) -> list[str]:
    return [f"{t:g}" if abs(t) < 1e5 else f"{t:.0e}" for t in ticks]


class DemoChart(PlotextPlot):
    """One `Chart` of a frame with its series and points; drawn at whatever size it is given."""

    def __init__(self, chart: Chart, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chart = chart
        self.series: list[Series] = []
        self.points: list[Points] = []

    def show(self, chart: Chart, series: list[Series], points: list[Points]) -> None:
        self.chart, self.series, self.points = chart, series, points
        self.refresh()

    def render(self) -> Any:
        self._draw(self.size.width, self.size.height)
        return super().render()

    def _draw(self, width: int, height: int) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        all_x: list[float] = []
        all_y: list[float] = []
        chart = self.chart
        for s in self.series:
            xs, ys = _finite_xy(s.x if s.x is not None else list(range(1, len(s.y) + 1)), s.y)
            xs, ys = _clamped(xs, chart.xlim), _clamped(ys, chart.ylim)
            all_x += xs
            all_y += ys
            if xs:
                plt.plot(xs, ys, marker="braille", color=s.color or None)
        for p in self.points:
            xs, ys = _finite_xy(p.x, p.y)
            all_x += xs
            all_y += ys
            if xs:
                plt.scatter(xs, ys, marker=p.marker or "•", color=p.color or None)
        xlim = chart.xlim or ((min(all_x), max(all_x)) if all_x else None)
        ylim = chart.ylim or ((min(all_y), max(all_y)) if all_y else None)
        if xlim and xlim[1] > xlim[0]:
            plt.xlim(*xlim)
            ticks = nice_ticks(*xlim, count=max(2, min(7, width // 8)))
            plt.xticks(ticks, _labels(ticks))
        if ylim and ylim[1] > ylim[0]:
            plt.ylim(*ylim)
            ticks = nice_ticks(*ylim, count=max(2, min(6, height // 3)))
            plt.yticks(ticks, _labels(ticks))
        plt.title(clean_line(chart.title))
        if chart.xlabel:
            plt.xlabel(clean_line(chart.xlabel))


def legend(series: list[Series], points: list[Points]) -> Text:
    """The lines and markers of a chart, named (plotext's own legend would cover the points)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for s in series:
        text.append("━━ ", style=_RICH_COLOR.get(s.color, s.color))
        text.append(clean_line(s.label) + "  ")
    for p in points:
        text.append((p.marker or "•") + " ", style=_RICH_COLOR.get(p.color, p.color))
        text.append(clean_line(p.label) + "  ")
    return text


class MatrixView(Vertical):
    """A `Matrix`: a table of numbers, or a heatmap/image in shades."""

    DEFAULT_CSS = """
    MatrixView { height: auto; margin-top: 1; }
    MatrixView > .matrix-label { text-style: bold; }
    MatrixView > DataTable { height: auto; max-height: 12; width: auto; }
    """

    def __init__(self, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = matrix.kind
        self._first = matrix

    def compose(self) -> ComposeResult:
        if self.kind == "table":
            yield Label(classes="matrix-label")
            yield DataTable(show_cursor=False, zebra_stripes=True, cell_padding=1)
        else:
            yield Static()

    def on_mount(self) -> None:
        self.show(self._first)

    def show(self, m: Matrix) -> None:
        if not self.is_mounted:  # a frame that came before the mount: on_mount shows it
            self._first = m
            return
        if self.kind != "table":
            self.query_one(Static).update(heatmap_view(m, color=True))
            return
        self.query_one(Label).update(Content(clean_line(m.label)))
        table = self.query_one(DataTable)
        width = len(m.values[0]) if m.values else 0
        cols = [clean_line(c) for c in m.cols] or [str(i + 1) for i in range(width)]
        wanted = ([""] if m.rows else []) + cols
        if [str(c.label) for c in table.columns.values()] != wanted:
            table.clear(columns=True)
            table.add_columns(*wanted)
        else:
            table.clear()
        for i, row in enumerate(m.values):
            cells = [Text(fmt(v), justify="right") for v in row]
            head = [Text(clean_line(m.rows[i]), style="dim")] if m.rows and i < len(m.rows) else ([""] if m.rows else [])
            table.add_row(*head, *cells)


class DemoFrameView(VerticalScroll):
    """The body of a run: the intro alone while torch loads, then each frame, then the summary."""

    DEFAULT_CSS = """
    DemoFrameView { height: 1fr; padding: 0 1; }
    DemoFrameView > #frame-text { margin-bottom: 1; }
    DemoFrameView > #frame-charts { grid-size: 2; grid-gutter: 0 2; height: auto; }
    DemoFrameView > #frame-charts.-one { grid-size: 1; }
    DemoFrameView .chart-cell { height: auto; }
    DemoFrameView DemoChart { height: 14; min-height: 8; }
    DemoFrameView .chart-legend { height: 1; color: $text; }
    DemoFrameView > #frame-matrices { height: auto; }
    DemoFrameView > #frame-summary { margin-top: 1; padding: 0 1; border: round $success; height: auto; }
    DemoFrameView > #frame-intro { margin-top: 1; }
    DemoFrameView > .-empty { display: none; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._charts: list[tuple[DemoChart, Static]] = []
        self._matrices: list[MatrixView] = []

    def compose(self) -> ComposeResult:
        yield Static(id="frame-text", classes="-empty")
        yield Grid(id="frame-charts", classes="-empty")
        yield Static(id="frame-weights", classes="-empty")
        yield Vertical(id="frame-matrices", classes="-empty")
        yield Static(id="frame-summary", classes="-empty")
        yield Static(id="frame-intro")

    def clear(self, intro: Content | Text) -> None:
        """Before a run's first frame: only the intro (title, formulas, options)."""
        for id_ in ("frame-text", "frame-charts", "frame-weights", "frame-matrices", "frame-summary"):
            self.query_one(f"#{id_}").add_class("-empty")
        self.query_one("#frame-charts").remove_children()
        self.query_one("#frame-matrices").remove_children()
        self._charts, self._matrices = [], []
        self.query_one("#frame-intro", Static).update(intro)
        self.scroll_home(animate=False)

    def show(self, frame: Frame) -> None:
        text = self.query_one("#frame-text", Static)
        text.update(Text(clean_text(frame.text)))
        text.set_class(not frame.text, "-empty")
        self._show_charts(frame)
        weights = weights_view(frame)
        box = self.query_one("#frame-weights", Static)
        box.update(weights or "")
        box.set_class(weights is None, "-empty")
        self._show_matrices(frame.matrices)
        summary = self.query_one("#frame-summary", Static)
        if frame.summary:
            summary.update(summary_view(frame.summary))
            summary.border_title = "Summary"
        summary.set_class(not frame.summary, "-empty")

    def _show_charts(self, frame: Frame) -> None:
        grid = self.query_one("#frame-charts", Grid)
        grid.set_class(not frame.charts, "-empty")
        grid.set_class(len(frame.charts) == 1 or self.size.width < 60, "-one")
        if [c.chart.name for c, _ in self._charts] != [c.name for c in frame.charts]:
            grid.remove_children()
            self._charts = [(DemoChart(c), Static(classes="chart-legend")) for c in frame.charts]
            grid.mount_all([Vertical(*pair, classes="chart-cell") for pair in self._charts])
        for (widget, legend_box), chart in zip(self._charts, frame.charts):
            series = [s for s in frame.series if s.chart == chart.name]
            points = [p for p in frame.points if p.chart == chart.name]
            widget.show(chart, series, points)
            legend_box.update(legend(series, points))

    def _show_matrices(self, matrices: list[Matrix]) -> None:
        box = self.query_one("#frame-matrices", Vertical)
        box.set_class(not matrices, "-empty")
        if [v.kind for v in self._matrices] != [m.kind for m in matrices]:
            box.remove_children()
            self._matrices = [MatrixView(m) for m in matrices]
            box.mount_all(self._matrices)
            return
        for view, m in zip(self._matrices, matrices):
            view.show(m)
