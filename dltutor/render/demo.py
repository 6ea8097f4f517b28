"""Playing demo frames in a terminal: rich for text and tables, plotext for charts.

Three ways to play a run: `animate` redraws each frame in place (rich Live) and pauses
`frame.pause / speed` between them, then prints the last frame in full; `final` computes every
frame and prints only the last (for --no-animate and when stdout is not a terminal); `json`
prints each frame as one JSON line. A run that takes over a second in `final` or `json` mode
shows a progress bar on stderr when stderr is a terminal.

Every string from content or a frame goes through rich as plain Text (never markup).
"""

from __future__ import annotations

import json
import math
import sys
import time
from typing import Any, Callable, Iterable, Iterator

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series, Tree, TreeNode
from dltutor.textsafe import clean_line, clean_text

# plotext colour names -> rich colour names, for legends.
_RICH_COLOR = {"orange": "dark_orange", "gray": "grey50"}
# Without colour, lines are told apart by their marks.
_PLAIN_MARKS = ("•", "+", "x", "*", "o", "#")
_SHADES = " ░▒▓█"
CHART_HEIGHT = 15  # rows of a chart when the height is not limited (final output)
MIN_CHART_HEIGHT = 8


def fmt_named(key: str, value: Any) -> str:
    """As `fmt`, with an accuracy (a fraction in the data) shown as a percentage."""
    if "accuracy" in key and isinstance(value, float) and 0 <= value <= 1:
        return f"{100 * value:.0f}%"
    return fmt(value)


def fmt(value: Any) -> str:
    """Numbers as a learner reads them: 4 significant digits, yes/no, ∞ for a blown-up loss."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        if value == 0:
            return "0"
        return f"{value:.4g}"
    if value is None:
        return "–"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    if isinstance(value, dict):
        return ", ".join(f"{clean_line(str(k))} {fmt(v)}" for k, v in value.items())
    return clean_line(str(value))


# --- pieces of a frame -------------------------------------------------------------------


def status_line(frame: Frame, *, bar: bool) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(clean_line(frame.stage or frame.demo), style="bold")
    if bar and frame.total > 0:
        done = max(0, min(frame.step, frame.total))
        width = 16
        filled = round(width * done / frame.total)
        line.append("  ")
        line.append("━" * filled, style="cyan")
        line.append("━" * (width - filled), style="grey30")
        line.append(f" {done}/{frame.total}", style="dim")
    for key, value in frame.scalars.items():
        line.append("   ")
        line.append(clean_line(str(key)), style="dim")
        line.append(" " + fmt_named(str(key), value))
    return line


def _finite_xy(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    kept = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None and math.isfinite(x) and math.isfinite(y)]
    return [x for x, _ in kept], [y for _, y in kept]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10ᵏ) inside lo..hi: at most `count`, at least 2 when possible."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    count = max(count, 2)
    power = 10.0 ** math.floor(math.log10((hi - lo) / count))
    best: list[float] = []
    for step in (m * power * 10 ** k for k in range(3) for m in (1, 2, 2.5, 5)):
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        ticks = [round(i * step, 12) for i in range(first, last + 1)]
        if len(ticks) <= count:
            if len(ticks) >= 2 or not best:
                best = ticks
            break
        best = ticks
    return best


def _tick_labels(ticks: list[float]) -> list[str]:
    return [f"{t:g}" if abs(t) < 1e5 else f"{t:.0e}" for t in ticks]


def _clipper(lim: tuple[float, float] | None) -> Callable[[float], float]:
    # A diverging curve reaches 1e30: plotext fills every cell of a line between points that far
    # apart (seconds per frame). With the chart's limits known, values are held just outside them,
    # so the line still leaves the chart the way it should, at no cost.
    if not lim or not lim[1] > lim[0]:
        return lambda v: v
    margin = lim[1] - lim[0]
    lo, hi = lim[0] - margin, lim[1] + margin
    return lambda v: min(max(v, lo), hi)


def plot_chart(plt: Any, chart: Chart, series: list[Series], points: list[Points], width: int, height: int,
               color: bool = True) -> None:
    """Draw one chart with plotext: the module here, or textual-plotext's `plt` in the app."""
    clip_x, clip_y = _clipper(chart.xlim), _clipper(chart.ylim)
    all_x: list[float] = []
    all_y: list[float] = []
    for i, s in enumerate(series):
        xs, ys = _finite_xy(s.x if s.x is not None else [float(k) for k in range(1, len(s.y) + 1)], s.y)
        xs, ys = [clip_x(x) for x in xs], [clip_y(y) for y in ys]
        all_x += xs
        all_y += ys
        if xs:
            mark = "braille" if color else _PLAIN_MARKS[i % len(_PLAIN_MARKS)]
            plt.plot(xs, ys, marker=mark, color=(s.color or None) if color else None)
    for p in points:
        xs, ys = _finite_xy(p.x, p.y)
        xs, ys = [clip_x(x) for x in xs], [clip_y(y) for y in ys]
        all_x += xs
        all_y += ys
        if xs:
            plt.scatter(xs, ys, marker=p.marker or "•", color=(p.color or None) if color else None)
    xlim = chart.xlim or ((min(all_x), max(all_x)) if all_x else None)
    ylim = chart.ylim or ((min(all_y), max(all_y)) if all_y else None)
    if xlim and xlim[1] > xlim[0]:
        plt.xlim(*xlim)
        ticks = nice_ticks(*xlim, count=max(2, min(7, width // 8)))
        plt.xticks(ticks, _tick_labels(ticks))
    if ylim and ylim[1] > ylim[0]:
        plt.ylim(*ylim)
        ticks = nice_ticks(*ylim, count=max(2, min(6, height // 3)))
        plt.yticks(ticks, _tick_labels(ticks))
    plt.title(clean_line(chart.title))
    if chart.xlabel:
        plt.xlabel(clean_line(chart.xlabel))


def legend_view(series: list[Series], points: list[Points], color: bool) -> Text:
    """A chart's lines and markers, named (plotext's own legend would cover the points)."""
    legend = Text()
    for i, s in enumerate(series):
        mark = "━━" if color else _PLAIN_MARKS[i % len(_PLAIN_MARKS)] * 2
        legend.append(mark + " ", style=_RICH_COLOR.get(s.color, s.color) if color and s.color else "")
        legend.append(clean_line(s.label) + "  ")
    for p in points:
        legend.append((p.marker or "•") + " ", style=_RICH_COLOR.get(p.color, p.color) if color and p.color else "")
        legend.append(clean_line(p.label) + "  ")
    return legend


def chart_view(chart: Chart, series: list[Series], points: list[Points], width: int, height: int, color: bool) -> Group:
    """One chart drawn by plotext, with a legend line under it."""
    import plotext as plt  # ~40 ms; only when a frame has a chart

    plt.clear_figure()
    plt.plotsize(max(width, 20), max(height, 5))
    plt.theme("clear")
    plot_chart(plt, chart, series, points, width, height, color)
    drawing = Text.from_ansi(plt.build().rstrip("\n"), no_wrap=True, overflow="crop")
    return Group(drawing, legend_view(series, points, color))


def charts_view(frame: Frame, width: int, height: int, color: bool) -> RenderableType | None:
    """The frame's charts, two to a row."""
    if not frame.charts:
        return None
    n = min(2, len(frame.charts))
    gap = 2
    each = (width - gap * (n - 1)) // n
    views = [
        chart_view(c, [s for s in frame.series if s.chart == c.name], [p for p in frame.points if p.chart == c.name],
                   each, height, color)
        for c in frame.charts
    ]
    if n == 1:
        return views[0]
    grid = Table.grid(padding=(0, gap))
    for _ in range(n):
        grid.add_column(width=each)
    for i in range(0, len(views), n):
        row = views[i:i + n]
        grid.add_row(*row, *([""] * (n - len(row))))
    return grid


def matrix_view(m: Matrix, color: bool) -> RenderableType:
    if m.kind in ("heatmap", "image"):
        return heatmap_view(m, color)
    table = Table(title=clean_line(m.label), title_justify="left", title_style="bold", show_edge=False,
                  pad_edge=False, box=None, header_style="dim")
    if m.rows:
        table.add_column("")
    for col in m.cols or [str(i + 1) for i in range(len(m.values[0]) if m.values else 0)]:
        table.add_column(clean_line(col), justify="right")
    for i, row in enumerate(m.values):
        cells = [fmt(v) for v in row]
        table.add_row(*([clean_line(m.rows[i])] if m.rows else []), *cells)
    return table


# Colour scales: sequential (dark to bright) for values of one sign, diverging around 0 otherwise.
_SEQUENTIAL = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
_DIVERGING = ((49, 54, 149), (116, 173, 209), (240, 240, 240), (244, 109, 67), (165, 0, 38))
HALF_BLOCK_ROWS = 12  # taller heatmaps draw two rows per line (▀: top in the foreground, bottom behind)


def heat_scale(m: Matrix) -> tuple[float, float, bool]:
    """(lo, hi, diverging): the matrix's own scale, or its values' range; a range across 0 is centred on 0."""
    flat = [v for row in m.values for v in row if v is not None and math.isfinite(v)]
    if m.lo is not None and m.hi is not None and m.hi > m.lo:
        lo, hi = m.lo, m.hi
    elif m.kind == "image" or (flat and min(flat) >= 0 and max(flat) <= 1):
        lo, hi = 0.0, 1.0
    else:
        lo, hi = min(flat or [0.0]), max(flat or [1.0])
        if lo < 0 < hi:
            lo, hi = -max(-lo, hi), max(-lo, hi)
    return lo, hi, lo < 0 < hi


def heat_color(level: float, diverging: bool) -> str:
    """The colour at `level` in [0, 1] of the scale, as rich's "rgb(r,g,b)"."""
    stops = _DIVERGING if diverging else _SEQUENTIAL
    x = min(1.0, max(0.0, level)) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    a, b, t = stops[i], stops[i + 1], x - i
    return "rgb({},{},{})".format(*(round(u + (v - u) * t) for u, v in zip(a, b)))


def _level(v: float | None, lo: float, span: float) -> float | None:
    return None if v is None or not math.isfinite(v) else (v - lo) / span


def column_labels(cols: list[str], cell: int) -> str:
    """Labels under the columns, as many as fit: every one, else every 2nd, 5th, 10th … (the first always)."""
    cols = [clean_line(c) for c in cols]
    if all(len(c) < cell for c in cols):
        return "".join(c.ljust(cell) for c in cols).rstrip()
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        line = ""
        for j in range(0, len(cols), step):
            at = j * cell
            if len(line) > at - 1 and line:
                break
            line = line.ljust(at) + cols[j]
        else:
            return line
    return cols[0]


def heatmap_view(m: Matrix, color: bool) -> RenderableType:
    """Values as colours (or, without colour, shades), a legend for the scale, and the axis labels.

    Up to HALF_BLOCK_ROWS rows draw one row per line with its label; taller maps in colour put
    two rows in each line with half blocks, so a 16-dimension encoding takes 8 lines.
    """
    lo, hi, diverging = heat_scale(m)
    span = (hi - lo) or 1.0
    ncols = len(m.values[0]) if m.values else 0
    short = m.cols and ncols <= 16 and all(len(c) <= 5 for c in m.cols)
    cell = max(2, max(len(c) for c in m.cols) + 1) if short else (2 if ncols <= 30 else 1)
    half = color and len(m.values) > HALF_BLOCK_ROWS
    labels = [clean_line(r) for r in m.rows]
    if half:  # one label per line would be two rows' worth: name the first and last rows only
        lines_needed = (len(m.values) + 1) // 2
        labels = [labels[0] if i == 0 else labels[-1] if i == lines_needed - 1 else "" for i in range(lines_needed)] \
            if labels else []
    label_width = max((len(r) for r in labels), default=0)
    out: list[RenderableType] = [Text(clean_line(m.label), style="bold")]
    step = 2 if half else 1
    for i in range(0, len(m.values), step):
        k = i // step
        line = Text((labels[k].rjust(label_width) + " ") if labels else "", style="dim")
        top = m.values[i]
        bottom = m.values[i + 1] if half and i + 1 < len(m.values) else None
        for j, v in enumerate(top):
            a = _level(v, lo, span)
            if not color:
                shade = 0 if a is None else min(len(_SHADES) - 1, max(0, round(a * (len(_SHADES) - 1))))
                line.append(_SHADES[shade] * cell)
            elif half:
                b = _level(bottom[j], lo, span) if bottom is not None else None
                line.append("▀" * cell, style=Style(color=heat_color(a, diverging) if a is not None else "default",
                                                   bgcolor=heat_color(b, diverging) if b is not None else None))
            else:
                line.append("█" * cell, style=heat_color(a, diverging) if a is not None else "")
        out.append(line)
    pad = " " * (label_width + 1 if labels else 0)
    if m.cols and m.values:
        out.append(Text(pad + column_labels(m.cols, cell), style="dim", no_wrap=True, overflow="crop"))
    legend = Text(pad, style="dim")
    if color:
        legend.append(fmt(lo) + " ")
        for t in range(12):
            legend.append("█", style=heat_color(t / 11, diverging))
        legend.append(" " + fmt(hi) + ("  (0 in the middle)" if diverging else ""))
    else:
        legend.append(f"{_SHADES[1]} {fmt(lo)} … {_SHADES[-1]} {fmt(hi)}")
    out.append(legend)
    return Group(*out)


def tree_view(tree: Tree) -> RenderableType:
    """A tree top-down with box-drawing branches: each node's text, its value and its mark."""
    children: dict[int | None, list[TreeNode]] = {}
    for node in tree.nodes:
        children.setdefault(node.parent, []).append(node)
    lines: list[RenderableType] = [Text(clean_line(tree.label), style="bold")]

    def label(node: TreeNode) -> Text:
        text = Text(clean_line(node.text))
        if node.value is not None and node.parent is not None:
            text.append(f"  {node.value:.3f}", style="dim")
        if node.mark:
            text.append("  " + clean_line(node.mark), style="bold green" if "★" in node.mark else "red")
        return text

    def walk(node: TreeNode, prefix: str, last: bool, root: bool) -> None:
        line = Text(prefix + ("" if root else ("└─ " if last else "├─ ")), style="dim")
        line.append_text(label(node))
        lines.append(line)
        kids = children.get(node.id, [])
        for i, kid in enumerate(kids):
            walk(kid, prefix + ("" if root else ("   " if last else "│  ")), i == len(kids) - 1, False)

    for root in children.get(None, []):
        walk(root, "", True, True)
    if tree.legend:
        lines.append(Text(clean_line(tree.legend), style="dim italic"))
    return Group(*lines)


def weights_view(frame: Frame) -> Text | None:
    flat = {k: v for k, v in frame.weights.items() if v and all(isinstance(x, (int, float)) for x in v) and len(v) <= 8}
    if not flat or len(flat) != len(frame.weights):
        return None
    text = Text("weights  ", style="dim")
    text.append("   ".join(f"{clean_line(k)} {fmt(v)}" for k, v in flat.items()))
    return text


def frame_view(frame: Frame, console: Console, *, width: int, height: int | None = None, bar: bool = False) -> Group:
    """The frame as rich renderables; with `height`, charts shrink and old tables go to fit it."""
    color = console.color_system is not None and not console.no_color
    top: list[RenderableType] = [Text(clean_text(frame.text))]
    if height is not None:  # animating: where the run is; the final output has the summary
        top.insert(0, status_line(frame, bar=bar))
    weights = weights_view(frame)
    if weights is not None:
        top.append(weights)
    tables = [matrix_view(m, color) for m in frame.matrices] + [tree_view(t) for t in frame.trees]
    if height is None:
        charts = charts_view(frame, width, CHART_HEIGHT, color)
        return Group(*top, *([charts] if charts else []), *_tables_block(tables, width))
    options = console.options.update(width=width)

    def rows(*parts: RenderableType) -> int:
        return sum(len(console.render_lines(p, options, pad=False)) for p in parts)

    room = height - rows(*top)
    chart_rows = (len(frame.charts) + 1) // 2
    chart_need = chart_rows * (MIN_CHART_HEIGHT + 1)
    while tables and rows(*_tables_block(tables, width)) > room - chart_need:
        tables.pop(0)  # the oldest stage's table goes first
    block = _tables_block(tables, width)
    room -= rows(*block) if block else 0
    parts: list[RenderableType] = list(top)
    if frame.charts:
        # Legends may wrap, so measure the drawn charts and shrink them until they fit.
        chart_height = min(18, room // chart_rows - 1)
        while chart_height >= 5:
            charts = charts_view(frame, width, chart_height, color)
            if charts is not None and rows(charts) <= room:
                parts.append(charts)
                break
            chart_height -= 1
    return Group(*parts, *block)


def _tables_block(tables: list[RenderableType], width: int) -> list[RenderableType]:
    if not tables:
        return []
    from rich.columns import Columns

    return [Text(""), Columns(tables, padding=(0, 4))]


# --- around the frames: header and footer --------------------------------------------------


def header(info: Any, course: Any) -> Group:
    from dltutor.course.mathtext import latex_to_unicode
    from dltutor.demos.registry import formulas

    lecture = course.lecture(info.lecture)
    parts: list[RenderableType] = [Rule(Text(clean_line(info.title), style="bold"), align="left")]
    where = f"Lecture {lecture.number}: {lecture.title}" if lecture else info.lecture
    parts.append(Text.assemble((clean_line(where), "bold"), ("   dltutor read " + info.lecture, "dim")))
    last_source = None
    for latex, source in formulas(info, course):
        if source != last_source:
            parts.append(Text("from " + clean_line(source) if source != "this demo" else "worked out in this demo",
                              style="dim italic"))
            last_source = source
        for line in latex_to_unicode(latex).split("\n"):
            parts.append(Text("    " + clean_line(line), style="cyan"))
    terms = [course.term(t) for t in info.terms]
    names = [clean_line(t.term) for t in terms if t is not None]
    if names:
        parts.append(Text.assemble(("Glossary: ", "dim"), ", ".join(names),
                                   ("   dltutor glossary " + info.terms[0], "dim")))
    return Group(*parts, Text(""))


def summary_value(value: Any) -> str:
    """A summary entry in a line: a matrix or a long list as its shape and ends (--json has them whole)."""
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return f"{len(value)} × {len(value[0]) if value[0] else 0} matrix (in --json)"
    if isinstance(value, list) and len(value) > 8 and all(isinstance(v, (int, float)) for v in value):
        return f"{fmt(value[0])}, {fmt(value[1])}, …, {fmt(value[-1])} ({len(value)} values)"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(fmt(v) for v in value) if len(value) <= 4 else f"{len(value)} rows (in the table above and --json)"
    if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
        return "; ".join(f"{clean_line(str(k))}: {fmt(v)}" for k, v in value.items())
    return ""


def summary_view(summary: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for key, value in summary.items():
        shown = summary_value(value) or fmt_named(str(key), value)
        table.add_row(clean_line(str(key)).replace("_", " "), Text(shown))
    return table


def footer(info: Any, summary: dict[str, Any] | None) -> Group:
    parts: list[RenderableType] = [Text("")]
    if summary:
        parts += [Text("Summary", style="bold"), summary_view(summary), Text("")]
    parts.append(Text("Try next", style="bold"))
    parts += [Text("  " + clean_line(cmd)) for cmd in info.try_next]
    return Group(*parts)


# --- playing a run -------------------------------------------------------------------------


class _Progress:
    """A progress bar on stderr, started only once a run has taken over a second."""

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def update(self, frame: Frame) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            from rich.progress import Progress  # only runs that take a while pay for it

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(clean_line(self.label), total=max(frame.total, 1))
        self.bar.update(self.task, completed=min(frame.step, frame.total), total=max(frame.total, 1))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _track(frames: Iterable[Frame], label: str) -> Iterator[Frame]:
    progress = _Progress(label, sys.stderr.isatty())
    try:
        for frame in frames:
            progress.update(frame)
            yield frame
    finally:
        progress.close()


def play_json(frames: Iterable[Frame], out: Any = None) -> dict[str, Any] | None:
    out = out or sys.stdout
    summary = None
    for frame in _track(frames, "demo"):
        out.write(json.dumps(frame.to_dict(), ensure_ascii=False, allow_nan=False) + "\n")
        out.flush()
        summary = frame.summary
    return summary


def play_final(info: Any, course: Any, start: Callable[[], Iterable[Frame]], console: Console) -> Frame:
    last = None
    for last in _track(start(), info.name):
        pass
    assert last is not None
    console.print(header(info, course))
    console.print(frame_view(last, console, width=min(console.width, 110)))
    console.print(footer(info, last.summary))
    return last


def play_animated(info: Any, course: Any, start: Callable[[], Iterable[Frame]], console: Console, speed: float) -> Frame:
    """`start` imports the demo (and so torch, about a second): the header is up meanwhile."""
    from rich.live import Live

    console.print(header(info, course))
    with console.status("Loading torch…", spinner="dots"):
        frames = iter(start())
        first = next(frames)
    last = first
    with Live(console=console, auto_refresh=False, transient=True, vertical_overflow="crop") as live:
        for last in _chain(first, frames):
            height = console.size.height - 1
            live.update(frame_view(last, console, width=min(console.width, 110), height=height, bar=True),
                        refresh=True)
            time.sleep(last.pause / speed)
    console.print(frame_view(last, console, width=min(console.width, 110)))
    console.print(footer(info, last.summary))
    return last


def _chain(first: Frame, rest: Iterator[Frame]) -> Iterator[Frame]:
    yield first
    yield from rest
