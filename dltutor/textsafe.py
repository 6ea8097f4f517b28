"""Keeps what the terminal receives from content or arguments to printable text.

Content files and command-line arguments are data: a control character or an ANSI escape
sequence inside them must never reach the terminal, where it could move the cursor, change
colours, set the window title or worse.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (0x80-0x9f includes CSI 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A whole escape sequence first, so its printable tail ("[31m") goes too.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_text(text: str) -> str:
    """Text with escape sequences and control characters removed; newlines and tabs kept."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _ESCAPE.sub("", text))


def clean_line(text: str) -> str:
    """One line of printable text: as clean_text, with newlines and tabs turned into spaces."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


def find_control(text: str) -> str | None:
    """The first forbidden control character in text, as a readable escape, or None."""
    m = _CONTROL.search(text)
    return None if m is None else repr(m.group())[1:-1]


def clip(text: str, limit: int = 60) -> str:
    """A piece of input short enough to quote in a one-line message: a 120 KB argument is cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text):,} characters)"


def error_line(message: str, limit: int = 400) -> str:
    """One printable line of at most about `limit` characters, keeping its end (where the advice is)."""
    line = clean_line(message)
    if len(line) <= limit:
        return line
    tail = limit // 4
    return f"{line[:limit - tail - 1]}…{line[-tail:]}"
