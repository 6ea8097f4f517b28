"""Text charts of the scheduler's figures, the same in `dltutor stats` and the app's stats screen.

Plain strings from `store.stats.collect`'s numbers: the year's reviews as a heatmap (a column a
week, a row a weekday, like Anki's), retention week by week as a column chart, and the
calibration table. No styles here: each front end colours the strings its own way.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

SHADES = "░▒▓█"
BLOCKS = " ▁▂▃▄▅▆▇█"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def shade_limits(counts: list[int]) -> list[int]:
    """The upper count of each shade but the last: the nonzero days split into quarters."""
    busy = sorted(c for c in counts if c)
    if not busy:
        return []
    return [busy[min(len(busy) - 1, (len(busy) * q) // 4)] for q in (1, 2, 3)]


def _shade(count: int, limits: list[int]) -> str:
    if count == 0:
        return "·"
    return SHADES[sum(count > limit for limit in limits)]


def heatmap(year: dict[str, Any], columns: int = 80) -> list[str]:
    """Month names, seven weekday rows and a legend; as many of the latest weeks as fit in `columns`."""
    first = date.fromisoformat(year["from"])
    counts = year["days"]
    weeks = [counts[k:k + 7] for k in range(0, len(counts), 7)]
    weeks = weeks[-max(1, (columns - 4)):]
    start = first + timedelta(weeks=len(counts[::7]) - len(weeks))
    limits = shade_limits(counts)
    months = [" "] * len(weeks)
    for w in range(len(weeks)):
        monday = start + timedelta(weeks=w)
        label = monday.strftime("%b")
        # A month is named above its first week; the first column only when its month starts there.
        starts = monday.day <= 7
        if starts and w + len(label) <= len(weeks) and all(c == " " for c in months[max(0, w - 1):w + len(label)]):
            months[w:w + len(label)] = list(label)
    lines = ["    " + "".join(months).rstrip()]
    for d in range(7):
        lines.append(f"{WEEKDAYS[d]:<4}" + "".join(_shade(week[d], limits) if d < len(week) else " "
                                               for week in weeks).rstrip())
    if limits:
        bounds = [1, *(limit + 1 for limit in limits)]
        tops = [*limits, None]
        parts = []
        for shade, lo, hi in zip(SHADES, bounds, tops):
            if hi is None:
                parts.append(f"{shade} {lo}+")
            elif hi >= lo:
                parts.append(f"{shade} {lo}" + (f"-{hi}" if hi > lo else ""))
        lines.append("    · none  " + "  ".join(parts) + "  reviews a day")
    return lines


def retention_chart(weeks: list[dict[str, Any]], height: int = 4, floor: float = 0.5) -> list[str]:
    """Each week's measured retention as a column from `floor` to 100%; a week without reviews is a dot."""
    lines = []
    for level in reversed(range(height)):
        label = "100%" if level == height - 1 else f"{floor:.0%}" if level == 0 else ""
        row = []
        for week in weeks:
            r = week["retention"]
            if r is None:
                row.append("·" if level == 0 else " ")
                continue
            eighths = round(8 * height * max(0.0, min(1.0, (r - floor) / (1 - floor))))
            eighths = max(eighths, 1)  # a week with reviews always shows
            row.append(BLOCKS[min(max(eighths - 8 * level, 0), 8)])
        lines.append(f"{label:>5} " + "".join(row))
    return lines


def calibration_rows(calibration: dict[str, Any]) -> list[list[str]]:
    """One row a bin: predicted range, reviews, mean predicted, share recalled, the difference."""
    rows = []
    for b in calibration["bins"]:
        gap = b["recalled"] - b["predicted"]
        rows.append([f"{b['from']:.0%}–{b['to']:.0%}", f"{b['reviews']:,}", f"{b['predicted']:.1%}",
                     f"{b['recalled']:.1%}", f"{gap:+.1%}"])
    return rows


CALIBRATION_HEADERS = ["predicted", "reviews", "mean predicted", "recalled", "difference"]
