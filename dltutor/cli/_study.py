"""What the study commands share: the store, the settings, the course, and text made plain."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from typing import Any

_EMPHASIS = re.compile(r"(\*\*|__)([^_*\s](?:.*?[^_*\s])?)\1")  # not a cloze blank "______"


def open_store() -> sqlite3.Connection:
    from dltutor.store.db import connect

    return connect()


def course() -> Any:
    from dltutor.course.load import load_course

    return load_course()


def settings() -> Any:
    from dltutor.settings import load_settings

    return load_settings()


def lecture_id(course: Any, name: str | None) -> str | None:
    if name is None:
        return None
    from dltutor.course.lookup import find_lecture

    return find_lecture(course, name).id


def plain(text: str) -> str:
    """Content text for the terminal: formulas as Unicode, Markdown emphasis markers dropped."""
    from dltutor.course.mathtext import render_math

    try:
        text = render_math(text)
    except Exception:  # a formula we cannot render is still worth showing as written
        pass
    return _EMPHASIS.sub(r"\2", text)


def when(moment: datetime, now: datetime) -> str:
    """A due time as a learner reads it: "now", "in 10m", "in 3d (Sat 17 Jan)"."""
    from dltutor.study.scheduler import describe_interval

    delta = moment - now
    if delta <= timedelta(0):
        return "now"
    local = moment.astimezone()
    if delta < timedelta(hours=20):
        return f"in {describe_interval(delta)} (at {local:%H:%M})"
    return f"in {describe_interval(delta)} ({local:%a %d %b %Y})"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
