"""What the study commands share: the store, the settings, the course. Their wording: study.wording."""

from __future__ import annotations

from typing import Any


def open_store(course: Any, *, write: bool, settings: Any = None) -> Any:
    """The progress database for a command: `write=False` for one that only reads (it then never writes)."""
    from dltutor.study.store import open_store as open_for

    return open_for(course, write=write, rollover_hour=settings.day_starts_at if settings is not None else 4)


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


def record(kind: str, subject: str) -> None:
    """Note in the progress record a lecture read or a demo run, for `dltutor next` and the app's Continue.

    The command itself never fails for it: a database that cannot take the note gets one line on stderr.
    """
    import sys

    from dltutor.clock import now
    from dltutor.errors import DltutorError
    from dltutor.store import activity

    try:
        from dltutor.store.db import connect

        conn = connect()  # no course: a note needs no card sync
        try:
            activity.record(conn, kind, subject, "cli", now())
        finally:
            conn.close()
    except DltutorError as exc:
        from dltutor.textsafe import clean_line

        what = "reading" if kind == "read" else "demo run"
        sys.stderr.write(f"dltutor: note: this {what} is not recorded in your progress: {clean_line(str(exc))}\n")
