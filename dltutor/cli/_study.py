"""What the study commands share: the store, the settings, the course. Their wording: study.wording."""

from __future__ import annotations

import sqlite3
from typing import Any


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
