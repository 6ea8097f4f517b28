"""The figures of `dltutor stats` for the app's screens, and the bars they are drawn with.

The numbers come from `dltutor.store.stats.collect`, called exactly as `dltutor stats` calls it;
this module only turns them into text. It imports nothing heavy: the home screen, the app's
first frame, uses it (collect costs a few ms on a fresh store).
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

BLOCKS = " ▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"


def collect_figures(services: Any) -> dict[str, Any]:
    """What `dltutor stats --json` prints, for the app's store, clock and settings."""
    from dltutor.store.stats import collect, lecture_infos

    settings = services.settings
    return collect(services.conn, services.clock(), lectures=lecture_infos(services.course),
                   desired_retention=settings.desired_retention, new_per_day=settings.new_per_day,
                   rollover_hour=settings.day_starts_at, scheduler=settings.scheduler())


def theme_styles(app: Any) -> dict[str, Style]:
    """Rich styles from the app's current theme (Text cells cannot take $variables)."""
    variables = app.theme_variables

    def colour(name: str) -> Style:
        try:
            return Style.parse(variables[name])
        except Exception:  # missing, or a blend like "auto 60%" that rich cannot read: dim text
            return Style(dim=True)

    return {"bar": colour("accent"), "rest": Style(dim=True), "muted": Style(dim=True),
            "good": colour("success"), "warn": colour("warning"), "strong": colour("primary")}


def bar(fraction: float, width: int, styles: dict[str, Style], style: str = "bar") -> Text:
    """A horizontal bar in eighths of a cell: `fraction` of `width` filled, the rest dotted."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + (EIGHTHS[part] if part else "")
    return Text.assemble((filled, styles[style]), ("·" * (width - len(filled)), styles["rest"]))


def columns(counts: list[int], height: int, width: int = 2) -> list[str]:
    """A column chart, `height` rows tall, each count `width` cells wide; an empty day is a dot."""
    top = max(counts, default=0) or 1
    rows = []
    for level in reversed(range(height)):
        line = []
        for c in counts:
            eighths = round(8 * height * c / top)
            if c and eighths == 0:
                eighths = 1  # one review still shows
            here = min(max(eighths - 8 * level, 0), 8)
            cell = "·" if (level == 0 and c == 0) else BLOCKS[here]
            line.append(cell * width)
        rows.append("".join(line))
    return rows


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
