"""A small text renderer for the commands that must start as fast as a bare Typer app.

`dltutor lectures` and `dltutor glossary TERM` have a budget of 1.25x a one-command Typer
app; importing rich.console alone costs about 13 ms of it, so these commands draw their few
tables and styled lines here instead: box-drawing tables, ANSI bold/dim/colour when stdout
is a terminal (and NO_COLOR is unset), text wrapped to the terminal's width. Everything
that reaches the terminal goes through textsafe first.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from dltutor.textsafe import clean_line

_STYLES = {"bold": "1", "dim": "2", "underline": "4", "cyan": "36", "heading": "1;4", "green": "32", "red": "31"}


def dumb_terminal() -> bool:
    """TERM says the terminal cannot move the cursor or show styles (an editor's shell, a serial line)."""
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")  # rich's test too


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and not dumb_terminal()


def width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 80
    return max(columns, 20)


class Styled:
    """Builds lines of text with optional ANSI styles; `style` returns text unchanged without colour."""

    def __init__(self, color: bool):
        self.color = color

    def style(self, text: str, name: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{_STYLES[name]}m{text}\x1b[0m"


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """Word-wrap one paragraph of plain text; over-long words are cut."""
    words = clean_line(text).split()
    lines: list[str] = []
    line = indent
    limit = max(columns, len(indent) + 8)
    for word in words:
        while len(indent) + len(word) > limit:  # a word longer than a line: cut it
            if line.strip():
                lines.append(line)
            room = limit - len(indent)
            lines.append(indent + word[:room])
            word = word[room:]
            line = indent
        candidate = f"{line} {word}" if line.strip() else indent + word
        if len(candidate) > limit and line.strip():
            lines.append(line)
            line = indent + word
        else:
            line = candidate
    if line.strip() or not lines:
        lines.append(line)
    return lines


ELLIPSIS = "…"
MIN_FLEX = 12  # the narrowest a table's wrapped or cut column may be before the table is stacked instead


def cut(text: str, columns: int) -> str:
    """One line shortened to `columns` characters, with an ellipsis where it was cut."""
    text = clean_line(text)
    if len(text) <= columns:
        return text
    if columns <= 1:
        return ELLIPSIS[:columns]
    return text[:columns - 1].rstrip() + ELLIPSIS


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    title: str = "",
    styled: Styled | None = None,
    columns: int | None = None,
    cut_col: int | None = None,
) -> str:
    """A boxed table fitted to the terminal's width.

    One column gives way: `cut_col`, whose cells are shortened with an ellipsis, or else the
    widest, whose cells are wrapped at word boundaries. When that column would be too narrow to
    read (under MIN_FLEX characters, or under its longest word), the rows are stacked instead:
    each row's first and giving column on one line, the others below as "header value".
    """
    styled = styled or Styled(False)
    columns = columns or width()
    cells = [[clean_line(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    flex = cut_col if cut_col is not None else max(range(len(widths)), key=lambda i: widths[i])
    room = columns - (sum(widths) - widths[flex]) - 3 * len(widths) - 1
    longest_word = max((len(w) for r in cells for w in r[flex].split()), default=0)
    needed = min(widths[flex], max(MIN_FLEX, len(headers[flex]), longest_word if cut_col is None else 0))
    if room < needed:
        return _stacked(headers, cells, flex, cut_col is not None, title, styled, columns)
    widths[flex] = min(widths[flex], room)

    def line(left: str, mid: str, right_: str, fill: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right_

    def row_lines(row: Sequence[str], style: str | None) -> list[str]:
        parts = [[c] for c in row]
        parts[flex] = [cut(row[flex], widths[flex])] if cut_col is not None else wrap(row[flex], widths[flex])
        height = max(len(p) for p in parts)
        out = []
        for k in range(height):
            texts = []
            for i, p in enumerate(parts):
                text = p[k] if k < len(p) else ""
                text = text.rjust(widths[i]) if i in right else text.ljust(widths[i])
                texts.append(styled.style(text, style) if style else text)
            out.append("│ " + " │ ".join(texts) + " │")
        return out

    out = []
    if title:
        total = sum(widths) + 3 * len(widths) + 1
        out.append(styled.style(title.center(total).rstrip(), "bold"))
    out.append(line("┌", "┬", "┐", "─"))
    out += row_lines(headers, "bold")
    out.append(line("├", "┼", "┤", "─"))
    for row in cells:
        out += row_lines(row, None)
    out.append(line("└", "┴", "┘", "─"))
    return "\n".join(out) + "\n"


def _stacked(headers: Sequence[str], cells: list[list[str]], flex: int, cut_flex: bool, title: str,
             styled: Styled, columns: int) -> str:
    """A table too wide for the terminal, one record per row: a narrow terminal reads it top to bottom."""
    out = [styled.style(title, "bold")] if title else []
    for row in cells:
        head = row[0] if flex == 0 else f"{row[0]} · {row[flex]}"
        if cut_flex:
            first = [cut(head, columns)]
        else:  # the giving column's text runs on under the row, indented like the details
            first = wrap(head, columns)
            first[1:] = wrap(" ".join(first[1:]), columns, "  ") if len(first) > 1 else []
        out.append(styled.style(first[0], "bold"))
        out += first[1:]
        out += _pack([f"{headers[i]} {row[i]}" for i in range(len(row)) if i not in (0, flex) and row[i]],
                     columns, "  ")
    return "\n".join(out) + "\n"


def _pack(items: Sequence[str], columns: int, indent: str) -> list[str]:
    """Items joined by " · " into lines of `columns`, an item broken only when it is longer than a line."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(indent) + len(line) + 3 + len(item) <= columns:
            line += " · " + item
            continue
        if line:
            lines.append(indent + line)
        *whole, line = [text[len(indent):] for text in wrap(item, columns, indent)]
        lines += [indent + text for text in whole]
    if line:
        lines.append(indent + line)
    return lines
