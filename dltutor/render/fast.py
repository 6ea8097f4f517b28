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


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


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


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    title: str = "",
    styled: Styled | None = None,
    columns: int | None = None,
) -> str:
    """A boxed table, its widest column wrapped so the whole fits the terminal's width."""
    styled = styled or Styled(False)
    columns = columns or width()
    cells = [[clean_line(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    overflow = sum(widths) + 3 * len(widths) + 1 - columns
    wrap_col = max(range(len(widths)), key=lambda i: widths[i])
    if overflow > 0:
        widths[wrap_col] = max(len(headers[wrap_col]), widths[wrap_col] - overflow, 8)

    def line(left: str, mid: str, right_: str, fill: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right_

    def row_lines(row: Sequence[str], style: str | None) -> list[str]:
        parts = [wrap(c, widths[i]) if i == wrap_col else [c] for i, c in enumerate(row)]
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
