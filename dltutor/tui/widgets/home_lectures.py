"""The home screen's table of lectures: number, title, mastery bar, cards due now, quiz score.

Rows are keyed by lecture id; ↑↓ move the cursor and Enter posts `DataTable.RowSelected`. The
title column takes the width the other columns leave, so the table fits 80 columns and grows.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from dltutor.textsafe import clean_line
from dltutor.tui.widgets.stats_figures import bar, percent, theme_styles

BAR = 8
# Widths of every column but the title, each with DataTable's one-cell padding either side.
_FIXED = (2 + 2) + (BAR + 5 + 2) + (3 + 2) + (4 + 2) + 2


class LectureTable(DataTable):
    DEFAULT_CSS = """
    LectureTable { height: auto; max-height: 100%; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._rows: list[dict[str, Any]] = []
        self._title_width = 0

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def on_resize(self) -> None:
        if self._title_width != self._fit_title():
            self._draw()

    @property
    def lecture_id(self) -> str | None:
        """The lecture under the cursor."""
        if not self._rows or not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row]["lecture"]

    def show(self, rows: list[dict[str, Any]]) -> None:
        """Draw `collect()`'s per-lecture rows, keeping the cursor on the same lecture."""
        self._rows = rows
        self._draw()

    def select_lecture(self, lecture_id: str) -> None:
        for i, row in enumerate(self._rows):
            if row["lecture"] == lecture_id:
                self.move_cursor(row=i, animate=False)

    def _fit_title(self) -> int:
        width = self.scrollable_content_region.width or self.app.size.width - 2  # before layout: the border
        return max(12, width - _FIXED)

    def _draw(self) -> None:
        keep = self.lecture_id
        styles = theme_styles(self.app)
        self._title_width = self._fit_title()
        self.clear(columns=True)
        self.add_column("#", width=2, key="number")
        self.add_column("lecture", width=self._title_width, key="title")
        self.add_column("mastery", width=BAR + 5, key="mastery")
        self.add_column("due", width=3, key="due")
        self.add_column("quiz", width=4, key="quiz")
        for row in self._rows:
            title = Text(clean_line(row["title"]), no_wrap=True, overflow="ellipsis")
            title.truncate(self._title_width, overflow="ellipsis")
            mastery = bar(row["mastery"], BAR, styles) + Text(f" {row['mastery']:>4.0%}")
            due = Text(f"{row['due_now']:>3}", style=styles["warn"] if row["due_now"] else "")
            quiz = Text(f"{percent(row['quiz_score']):>4}")
            self.add_row(Text(f"{row['number']:>2}"), title, mastery, due, quiz, key=row["lecture"])
        if keep is not None:
            self.select_lecture(keep)
