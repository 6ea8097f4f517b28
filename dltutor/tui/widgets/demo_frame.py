"""One demo frame drawn with Textual widgets: its text, charts (textual-plotext), weights, tables and heatmaps.

The same `Frame`s the command line plays (dltutor.demos.frames) arrive here one at a time; the
widgets are kept and updated in place, so a run redraws only what its frames change. The pure
helpers of the terminal renderer (chart plotting, legends, fmt, heatmaps, the summary grid) are shared.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series
from dltutor.render.demo import fmt, heatmap_view, legend_view, plot_chart, summary_view, weights_view
from dltutor.textsafe import clean_line, clean_text

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
        self.plt.clear_data()
        self.plt.clear_figure()
        plot_chart(self.plt, self.chart, self.series, self.points, width, height)


def legend(series: list[Series], points: list[Points]) -> Text:
    """The command line's legend, kept to one line under a chart in the app."""
    text = legend_view(series, points, color=True)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class MatrixView(Vertical):
    """A `Matrix` of kind "table": its label and a table of its numbers (heatmaps are drawn apart)."""

    DEFAULT_CSS = """
    MatrixView { height: auto; margin-top: 1; }
    MatrixView > .matrix-label { text-style: bold; }
    MatrixView > DataTable { height: auto; max-height: 12; width: auto; }
    """

    def __init__(self, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._first = matrix

    def compose(self) -> ComposeResult:
        yield Label(classes="matrix-label")
        yield DataTable(show_cursor=False, zebra_stripes=True, cell_padding=1)

    def on_mount(self) -> None:
        self.show(self._first)

    def show(self, m: Matrix) -> None:
        if not self.is_mounted:  # a frame that came before the mount: on_mount shows it
            self._first = m
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
    DemoFrameView > #frame-heatmaps { height: auto; margin-top: 1; }
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
        yield Static(id="frame-heatmaps", classes="-empty")
        yield Vertical(id="frame-matrices", classes="-empty")
        yield Static(id="frame-summary", classes="-empty")
        yield Static(id="frame-intro")

    def clear(self, intro: Content | Text) -> None:
        """Before a run's first frame: only the intro (title, formulas, options)."""
        for id_ in ("frame-text", "frame-charts", "frame-weights", "frame-heatmaps", "frame-matrices", "frame-summary"):
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
        # Heatmaps and images side by side in one block that wraps to the width (the command
        # line's own layout), then the tables of numbers.
        maps = [m for m in matrices if m.kind != "table"]
        heatmaps = self.query_one("#frame-heatmaps", Static)
        heatmaps.set_class(not maps, "-empty")
        if maps:
            from rich.columns import Columns

            small = all((len(m.values[0]) if m.values else 0) <= 16 for m in maps)
            heatmaps.update(Columns([heatmap_view(m, color=True, scale=2 if small else 1) for m in maps],
                                    padding=(0, 3)))
        tables = [m for m in matrices if m.kind == "table"]
        box = self.query_one("#frame-matrices", Vertical)
        box.set_class(not tables, "-empty")
        if len(self._matrices) != len(tables):
            box.remove_children()
            self._matrices = [MatrixView(m) for m in tables]
            box.mount_all(self._matrices)
            return
        for view, m in zip(self._matrices, tables):
            view.show(m)
