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
from rich.table import Table
from rich.text import Text

from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series, percent
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
        return percent(value)
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
        if not s.label:
            continue
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
    plt.plotsize(max(width, 10), max(height, 5))
    plt.theme("clear")
    plot_chart(plt, chart, series, points, width, height, color)
    drawing = Text.from_ansi(plt.build().rstrip("\n"), no_wrap=True, overflow="crop")
    return Group(drawing, legend_view(series, points, color))


MIN_CHART_WIDTH = 30  # narrower than this, two charts go one above the other


def charts_per_row(frame: Frame, width: int) -> int:
    return 2 if len(frame.charts) > 1 and (width - 2) // 2 >= MIN_CHART_WIDTH else 1


def charts_view(frame: Frame, width: int, height: int, color: bool) -> RenderableType | None:
    """The frame's charts, two to a row where they fit, else one; never wider than `width`."""
    if not frame.charts:
        return None
    n = charts_per_row(frame, width)
    gap = 2
    each = (width - gap * (n - 1)) // n
    views = [
        chart_view(c, [s for s in frame.series if s.chart == c.name], [p for p in frame.points if p.chart == c.name],
                   each, height, color)
        for c in frame.charts
    ]
    if n == 1:
        return views[0] if len(views) == 1 else Group(*views)
    grid = Table.grid(padding=(0, gap))
    for _ in range(n):
        grid.add_column(width=each)
    for i in range(0, len(views), n):
        row = views[i:i + n]
        grid.add_row(*row, *([""] * (n - len(row))))
    return grid


def matrix_view(m: Matrix, color: bool, scale: int = 1) -> RenderableType:
    if m.kind in ("heatmap", "image"):
        return heatmap_view(m, color, scale)
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


# Heatmap colours (RGB). Images: black to white. Numbers of both signs: blue below 0, a dark grey
# at 0, orange above. Numbers of one sign: dark blue through magenta to yellow. Marked cells are
# tinted green, a hue none of those scales uses.
_NEGATIVE, _ZERO, _POSITIVE = (70, 130, 255), (45, 45, 45), (255, 150, 20)
_RAMP = ((25, 25, 70), (180, 50, 130), (255, 225, 90))
_MARK = (60, 255, 120)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


class _Scale:
    """Where a matrix's values sit between its limits, as shades and as colours."""

    def __init__(self, m: Matrix) -> None:
        flat = [v for row in m.values for v in row if v is not None and math.isfinite(v)]
        if m.limits is not None:
            self.lo, self.hi = m.limits
        elif m.kind == "image" or (flat and min(flat) >= 0 and max(flat) <= 1):
            self.lo, self.hi = 0.0, 1.0
        else:
            self.lo, self.hi = min(flat or [0.0]), max(flat or [1.0])
        self.image = m.kind == "image"
        self.signed = not self.image and self.lo < 0 < self.hi

    def level(self, v: float) -> float:
        """0 to 1 across the limits."""
        return min(1.0, max(0.0, (v - self.lo) / ((self.hi - self.lo) or 1.0)))

    def rgb(self, v: float) -> tuple[int, int, int]:
        if not math.isfinite(v):
            return _ZERO
        if self.image:
            g = round(255 * self.level(v))
            return (g, g, g)
        if self.signed:
            reach = max(-self.lo, self.hi)
            t = max(-1.0, min(1.0, v / reach))
            return _mix(_ZERO, _POSITIVE, t) if t >= 0 else _mix(_ZERO, _NEGATIVE, -t)
        t = self.level(v)
        return _mix(_RAMP[0], _RAMP[1], 2 * t) if t < 0.5 else _mix(_RAMP[1], _RAMP[2], 2 * t - 1)

    def stops(self) -> list[float]:
        """The values a legend shows."""
        if self.signed:
            reach = max(-self.lo, self.hi)
            return [-reach, 0.0, reach]
        return [self.lo, (self.lo + self.hi) / 2, self.hi] if not self.image else [self.lo, self.hi]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heatmap_view(m: Matrix, color: bool, scale: int = 1) -> RenderableType:
    """A heatmap or image. In colour, half-block cells: each character is one cell wide and holds two
    cells stacked, so cells are square, and `scale` makes each cell scale×scale of them. Without
    colour, two shade characters per cell and one line per row. Legend under it."""
    scl = _Scale(m)
    marked = {(r, c) for r, c in m.marked}
    label_width = max((len(clean_line(r)) for r in m.rows), default=0)
    width = len(m.values[0]) if m.values else 0

    def cell(r: int, c: int) -> float | None:
        v = m.values[r][c]
        return v if v is None or math.isfinite(v) else None

    if not color:
        lines = [Text(clean_line(m.label) + f"  ({_SHADES[1]} {fmt(scl.lo)} … {_SHADES[-1]} {fmt(scl.hi)})", style="bold")]
        for i, row in enumerate(m.values):
            line = Text(clean_line(m.rows[i]).rjust(label_width) + " " if m.rows else "", style="dim")
            for j in range(len(row)):
                v = cell(i, j)
                if (i, j) in marked:
                    line.append("[]")
                elif v is None:
                    line.append("··" if m.blank_label else "  ")
                else:
                    line.append(_SHADES[min(len(_SHADES) - 1, max(0, round(scl.level(v) * (len(_SHADES) - 1))))] * 2)
            lines.append(line)
        cells = 2 * width
    else:
        lines = [Text(clean_line(m.label), style="bold")]
        scale = max(1, scale)
        pixels = [[cell(r // scale, c // scale) for c in range(width * scale)] for r in range(len(m.values) * scale)]
        is_marked = [[(r // scale, c // scale) in marked for c in range(width * scale)] for r in range(len(pixels))]

        def colour(r: int, c: int) -> str | None:
            if r >= len(pixels) or pixels[r][c] is None:
                return None
            rgb = scl.rgb(pixels[r][c])  # type: ignore[arg-type]
            return _hex(_mix(rgb, _MARK, 0.55) if is_marked[r][c] else rgb)

        count = (len(pixels) + 1) // 2
        for k in range(count):
            head = ""
            if m.rows:
                head = clean_line(m.rows[0] if k == 0 else m.rows[-1] if k == count - 1 else "")
                head = head.rjust(label_width) + " "
            line = Text(no_wrap=True, overflow="crop")
            line.append(head, style="dim")
            for c in range(width * scale):
                top, bottom = colour(2 * k, c), colour(2 * k + 1, c)
                if top is None and bottom is None:
                    line.append(" ")
                elif top is None:
                    line.append("▄", style=bottom)
                elif bottom is None:
                    line.append("▀", style=top)
                else:
                    line.append("▀", style=f"{top} on {bottom}")
            lines.append(line)
        cells = width * scale
    if m.cols and m.values:
        left, right = clean_line(m.cols[0]), clean_line(m.cols[-1])
        lines.append(Text(" " * (label_width + 1 if m.rows else 0) + left + right.rjust(max(cells - len(left), len(right) + 1)),
                          style="dim"))
    # The legend in short lines, so that it never makes the heatmap's column wider than the map.
    legend: list[Text] = []
    if color:
        stops = Text()
        for v in scl.stops():
            stops.append("██", style=_hex(scl.rgb(v)))
            stops.append(f" {fmt(v)} ", style="dim")
        legend.append(stops)
    if marked and m.mark_label:
        mark = Text()
        mark.append("██ " if color else "[] ", style=_hex(_mix(_ZERO, _MARK, 0.8)) if color else "")
        mark.append(clean_line(m.mark_label), style="dim")
        legend.append(mark)
    if m.blank_label and any(v is None for row in m.values for v in row):
        legend.append(Text(("blank: " if color else "·· ") + clean_line(m.blank_label), style="dim"))
    lines += legend
    return Group(*lines)


def weights_view(frame: Frame) -> Text | None:
    flat = {k: v for k, v in frame.weights.items() if v and all(isinstance(x, (int, float)) for x in v) and len(v) <= 8}
    if not flat or len(flat) != len(frame.weights):
        return None
    text = Text("weights  ", style="dim")
    text.append("   ".join(f"{clean_line(k)} {fmt(v)}" for k, v in flat.items()))
    return text


def frame_view(frame: Frame, console: Console, *, width: int, height: int | None = None, bar: bool = False) -> Group:
    """The frame as rich renderables; with `height`, charts shrink, heatmaps shrink and old tables go to fit it."""
    color = console.color_system is not None and not console.no_color
    top: list[RenderableType] = [Text(clean_text(frame.text))]
    if height is not None:  # animating: where the run is; the final output has the summary
        top.insert(0, status_line(frame, bar=bar))
    weights = weights_view(frame)
    if weights is not None:
        top.append(weights)
    matrices = list(frame.matrices)
    if height is None:
        charts = charts_view(frame, width, CHART_HEIGHT, color)
        return Group(*top, *([charts] if charts else []), *_matrices_block(matrices, color, width, FINAL_SCALE))
    options = console.options.update(width=width)

    def rows(*parts: RenderableType) -> int:
        return sum(len(console.render_lines(p, options, pad=False)) for p in parts)

    room = height - rows(*top)
    chart_rows = -(-len(frame.charts) // charts_per_row(frame, width))
    chart_need = chart_rows * (MIN_CHART_HEIGHT + 1)

    def block(scale: int) -> list[RenderableType]:
        return _matrices_block(matrices, color, width, scale)

    scale = FINAL_SCALE
    while scale > 1 and rows(*block(scale)) > room - chart_need:
        scale -= 1
    while matrices and rows(*block(scale)) > room - chart_need:
        # The oldest stage's table goes first, then the oldest heatmap.
        tables = [i for i, m in enumerate(matrices) if m.kind == "table"]
        matrices.pop(tables[0] if tables else 0)
    shown = block(scale)
    room -= rows(*shown) if shown else 0
    parts: list[RenderableType] = list(top)
    if frame.charts:
        # Legends may wrap, so measure the drawn charts and shrink them until they fit.
        chart_height = min(18, room // max(chart_rows, 1) - 1)
        while chart_height >= 5:
            charts = charts_view(frame, width, chart_height, color)
            if charts is not None and rows(charts) <= room:
                parts.append(charts)
                break
            chart_height -= 1
    return Group(*parts, *shown)


FINAL_SCALE = 2  # heatmap cells in half-blocks: 2×2 characters' halves each, when they fit the width


def _matrices_block(matrices: list[Matrix], color: bool, width: int, scale: int) -> list[RenderableType]:
    """Tables and heatmaps side by side, wrapping to the width; a heatmap too wide at `scale` is drawn at 1."""
    if not matrices:
        return []
    from rich.columns import Columns

    views = []
    for m in matrices:
        cols = len(m.values[0]) if m.values else 0
        big = m.kind != "table" and cols <= 16 and cols * scale + 8 <= width
        views.append(matrix_view(m, color, scale if big else 1))
    return [Text(""), Columns(views, padding=(0, 4))]


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


def summary_view(summary: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for key, value in summary.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            shown = "\n".join(fmt(v) for v in value)  # one line per item: a layer, a run
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            shown = "\n".join(f"{clean_line(str(k))}: {fmt(v)}" for k, v in value.items())
        else:
            shown = fmt_named(str(key), value)
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


SKIP_KEYS = ("e", "\r", "\n")
PAUSE_KEYS = ("p", " ")
KEYS_HINT = "e or Enter: skip to the end   p or Space: pause   Ctrl-C: stop"


class TerminalKeys:
    """Keys typed while a demo animates, read without waiting for Enter; on a terminal only.

    The terminal goes into cbreak mode for the animation (keys arrive one by one and are not
    echoed; Ctrl-C still interrupts) and is put back as it was afterwards, whatever happens.
    """

    def __init__(self) -> None:
        self.fd: int | None = None
        self.saved: Any = None

    def __enter__(self) -> "TerminalKeys":
        try:
            import termios
            import tty

            if sys.stdin.isatty():
                fd = sys.stdin.fileno()
                self.saved = termios.tcgetattr(fd)
                tty.setcbreak(fd)
                self.fd = fd
        except (ImportError, OSError, ValueError):  # no termios (Windows), or no real stdin
            self.fd = None
        except Exception:  # termios.error
            self.fd = None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.fd is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def wait(self, seconds: float) -> str:
        """What was typed within `seconds` ("" if nothing); returns as soon as a key arrives."""
        if self.fd is None:
            time.sleep(max(0.0, seconds))
            return ""
        import os
        import select

        ready, _, _ = select.select([self.fd], [], [], max(0.0, seconds))
        return os.read(self.fd, 64).decode(errors="ignore") if ready else ""


def live_header(info: Any, course: Any, console: Console, height: int) -> RenderableType:
    """The header kept above the animation: in full if it takes at most a quarter of the screen,
    else the title, the lecture and the formulas on one line; then the keys."""
    full = header(info, course)
    options = console.options.update(width=min(console.width, 110))
    with_keys = Group(*full.renderables[:-1], Text(KEYS_HINT, style="dim"), Text(""))
    if len(console.render_lines(with_keys, options, pad=False)) <= max(6, height // 4):
        return with_keys
    from dltutor.course.mathtext import latex_to_unicode
    from dltutor.demos.registry import formulas

    lecture = course.lecture(info.lecture)
    where = f"Lecture {lecture.number}: {lecture.title}" if lecture else info.lecture
    shown = [latex_to_unicode(latex) for latex, _ in formulas(info, course)]
    math = "   ".join(f for f in shown if "\n" not in f)  # a formula drawn over several lines needs them
    return Group(Rule(Text(clean_line(info.title), style="bold"), align="left"),
                 Text.assemble((clean_line(where), "bold"), ("   dltutor read " + info.lecture, "dim"),
                               no_wrap=True, overflow="ellipsis"),
                 Text(clean_line(math), style="cyan", no_wrap=True, overflow="ellipsis"),
                 Text(KEYS_HINT, style="dim", no_wrap=True, overflow="ellipsis"), Text(""))


def play_animated(info: Any, course: Any, start: Callable[[], Iterable[Frame]], console: Console, speed: float,
                  keys: Any = None) -> Frame:
    """Each frame redrawn in place under the header, which stays on screen; `start` imports the demo
    (and so torch, about a second) while the header and a spinner are up. e or Enter skips to the end
    (the rest is computed, not drawn), p pauses. Then the header, the last frame in full and the footer."""
    from rich.live import Live
    from rich.spinner import Spinner

    width = min(console.width, 110)
    head = live_header(info, course, console, console.size.height)
    head_rows = len(console.render_lines(head, console.options.update(width=width), pad=False))
    paused = skipping = False
    with keys if keys is not None else TerminalKeys() as typed, \
            Live(console=console, auto_refresh=True, refresh_per_second=8, transient=True,
                 vertical_overflow="crop") as live:
        live.update(Group(head, Spinner("dots", "Loading torch…")))
        frames = iter(start())
        first = next(frames)
        last = first
        for last in _chain(first, frames):
            if skipping:
                continue
            view = frame_view(last, console, width=width, height=max(5, console.size.height - 1 - head_rows), bar=True)
            live.update(Group(head, view), refresh=True)
            deadline = time.monotonic() + last.pause / speed
            while True:
                left = deadline - time.monotonic()
                if not paused and left <= 0:
                    break
                key = typed.wait(0.25 if paused else left)
                if any(k in key for k in SKIP_KEYS):
                    skipping = True
                    live.update(Group(head, Spinner("dots", "Skipping to the end…")), refresh=True)
                    break
                if any(k in key for k in PAUSE_KEYS):
                    paused = not paused
                    status = Text("⏸ paused: p or Space resumes" if paused else "", style="bold")
                    live.update(Group(head, status, view) if paused else Group(head, view), refresh=True)
                    deadline = time.monotonic() + last.pause / speed
    console.print(header(info, course))
    console.print(frame_view(last, console, width=width))
    console.print(footer(info, last.summary))
    return last


def _chain(first: Frame, rest: Iterator[Frame]) -> Iterator[Frame]:
    yield first
    yield from rest
