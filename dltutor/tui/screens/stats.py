"""The stats screen: the figures of `dltutor stats`, drawn.

Due now and over the next 7 days, reviews per day for 30 days, measured against desired
retention, mastery lecture by lecture, and the latest quizzes. The numbers are `collect()`'s,
read again each time the screen comes back into view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from dltutor.render.charts import CALIBRATION_HEADERS, calibration_rows, heatmap, retention_chart
from dltutor.store.stats import MASTERY_NOTE
from dltutor.textsafe import clean_line
from dltutor.tui.widgets.stats_figures import bar, collect_figures, columns, percent, plural, theme_styles

SECTIONS = ("due", "reviews", "retention", "memory", "weeks", "year", "mastery", "quizzes")


class StatsScreen(Screen):
    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("v", "app.review", "Review due"),
        Binding("r", "refresh_figures", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            for name in SECTIONS:
                yield Static(id=f"{name}-title", classes="title")
                yield Static(id=name, classes="figures")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats").focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def on_screen_resume(self) -> None:
        self.action_refresh_figures()

    def action_refresh_figures(self) -> None:
        """Read the figures again: reviews and quizzes on other screens change them."""
        self.figures = collect_figures(self.app.services)
        self._draw()

    def _draw(self) -> None:
        if not self.figures:
            return
        f, styles = self.figures, theme_styles(self.app)
        parts = {
            "due": ("Due", _due(f, styles)),
            "reviews": ("Reviews, last 30 days", _reviews(f, styles)),
            "retention": ("Retention", _retention(f, styles)),
            "memory": ("Memory (FSRS)", _memory(f)),
            "weeks": (f"Retention by week, last {len(f['retention_by_week'])} weeks", _weeks(f, styles)),
            "year": (f"Reviews, last year  ({f['year']['reviews']:,} on {f['year']['studied_days']} days)",
                     _year(f, styles, self.size.width)),
            "mastery": (f"Mastery by lecture  ({MASTERY_NOTE})", _mastery(f, styles)),
            "quizzes": (f"Recent quizzes  ({f['quiz_attempts']} in all)", _quizzes(f)),
        }
        for name, (title, body) in parts.items():
            self.query_one(f"#{name}-title", Static).update(Text(title))
            self.query_one(f"#{name}", Static).update(body)


def _due(f: dict[str, Any], styles: dict) -> Text:
    from dltutor.study.wording import today_parts

    out = Text.assemble(f"today: {plural(f['due_today'], 'card')} ({today_parts(f)})\n")
    peak = max((d["due"] for d in f["upcoming"]), default=0) or 1
    for i, d in enumerate(f["upcoming"]):
        day = "today" if i == 0 else date.fromisoformat(d["date"]).strftime("%a %d %b")
        out.append(f"{day:<11}")
        out.append_text(bar(d["due"] / peak, 24, styles))
        out.append(f" {d['due']}" + ("\n" if i < len(f["upcoming"]) - 1 else ""))
    return out


def _reviews(f: dict[str, Any], styles: dict) -> Text:
    counts = [d["reviews"] for d in f["reviews_by_day"]]
    out = Text()
    for line in columns(counts, height=3 if any(counts) else 1, width=2):
        out.append(line + "\n", style=styles["bar"])
    first = date.fromisoformat(f["reviews_by_day"][0]["date"]).strftime("%d %b")
    out.append(f"{first}{'today':>{2 * len(counts) - len(first)}}\n", style=styles["muted"])
    busiest = max(counts, default=0)
    out.append(f"{sum(counts)} in 30 days · {f['reviews_today']} today · {f['reviews_total']} in all · "
               f"streak {plural(f['streak_days'], 'day')} · busiest day {busiest}")
    return out


def _retention(f: dict[str, Any], styles: dict) -> Text:
    r = f["retention"]
    out = Text()
    if r["measured"] is None:
        out.append("measured  no reviews of learnt cards in the last 30 days yet\n")
    else:
        out.append("measured  ")
        out.append_text(bar(r["measured"], 24, styles, "good" if r["measured"] >= r["desired"] else "warn"))
        out.append(f" {r['measured']:.1%}  over {plural(r['reviews'], 'review')} of learnt cards, 30 days\n")
    out.append("desired   ")
    out.append_text(bar(r["desired"], 24, styles, "strong"))
    out.append(f" {r['desired']:.0%}  (config: desired_retention)")
    return out


def _mastery(f: dict[str, Any], styles: dict) -> Table:
    table = Table(box=None, padding=(0, 1), pad_edge=False, expand=True, show_edge=False,
                  header_style=styles["muted"])
    table.add_column("#", justify="right", width=2)
    table.add_column("lecture", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("studied", justify="right", width=7)
    table.add_column("mastery", width=15, no_wrap=True)
    table.add_column("due", justify="right", width=3)
    table.add_column("quiz", justify="right", width=4)
    table.add_column("practice", justify="right", width=8)
    table.add_column("essays", justify="right", width=6)
    for lec in f["lectures"]:
        # Text cells throughout: a rich Table would read plain strings as markup.
        table.add_row(Text(str(lec["number"])), Text(clean_line(lec["title"])),
                      Text(f"{lec['studied']}/{lec['cards']}"),
                      bar(lec["mastery"], 10, styles) + Text(f" {lec['mastery']:>4.0%}"),
                      Text(str(lec["due_now"]), style=styles["warn"] if lec["due_now"] else ""),
                      Text(percent(lec["quiz_score"])), Text(percent(lec["practice_score"])),
                      Text(f"{lec['essays_done']}/{lec['essay_prompts']}"))
    return table


def _memory(f: dict[str, Any]) -> Any:
    from rich.console import Group

    r, c = f["retrievability"], f["calibration"]
    head = Text("retrievability: no cards studied yet" if r["mean"] is None else
                f"retrievability now {r['mean']:.1%}: the mean predicted chance of recall of your "
                f"{r['cards']:,} studied cards")
    if not c["reviews"]:
        return Group(head, Text("calibration: no reviews of learnt cards in the last year yet"))
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False)
    for i, name in enumerate(CALIBRATION_HEADERS):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=True)
    for row in calibration_rows(c):
        table.add_row(*(Text(cell) for cell in row))
    return Group(head, Text(f"calibration over {c['reviews']:,} reviews of learnt cards ({c['window_days']} days): "
                            f"predicted {c['predicted']:.1%}, recalled {c['recalled']:.1%}"), table)


def _weeks(f: dict[str, Any], styles: dict) -> Text:
    weeks = f["retention_by_week"]
    if not any(w["retention"] is not None for w in weeks):
        return Text("no reviews of learnt cards yet")
    return Text("\n".join(retention_chart(weeks)), style=styles["bar"])


def _year(f: dict[str, Any], styles: dict, width: int) -> Text:
    return Text("\n".join(heatmap(f["year"], columns=max(width - 6, 20))), style=styles["bar"])


def _quizzes(f: dict[str, Any]) -> Text:
    if not f["recent_quizzes"]:
        return Text("none yet: press Esc, choose a lecture and press q")
    lines = []
    for q in f["recent_quizzes"]:
        pct = q["score"] / q["answered"] if q["answered"] else 0
        lines.append(f"{q['date']}  {clean_line(q['scope']):<11} {q['score']:g}/{q['answered']} ({pct:.0%})"
                     f"{'' if q['finished'] else '  (stopped early)'}")
    return Text("\n".join(lines))
