"""The learner's store, opened for a course: judged sound, its cards in step with the course.

The one way the front ends open it (the commands through `cli/_study.py`, the app through
`tui/services.py`), so the cards are synced once, in one place. A session that writes gets a
connection whose every write is guarded (`store.db.atomic`: backups first, failures said in one
line). A command that only reads gets a read-only connection and never writes: if the course's
cards changed since the last writing session, or the file needs a migration, it works on a private
copy in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dltutor.course.model import Course
    from dltutor.store.db import StoreConnection


def open_store(course: Course | None, *, write: bool, path: Path | None = None,
               clock: Callable[[], datetime] | None = None, rollover_hour: int = 4) -> StoreConnection:
    """The progress database for `course`: for writing (checked, backed up, migrated) or only for reading.

    With no course (practice, which needs only its own cards and must not pay for the YAML), the
    course's cards are left as the last session synced them.
    """
    from dltutor.store.db import StoreConnection, open_db

    if clock is None:
        from dltutor.clock import now as clock
    moment = clock()  # a clock out of range is refused before the database is touched
    conn = open_db(path, write=write, clock=clock, rollover_hour=rollover_hour)
    if course is None:
        return conn
    from dltutor.store.progress import cards_in_step, sync_cards  # fsrs: only paid where cards are synced
    from dltutor.study.cards import course_cards

    from dltutor.store.migrations import migrate, pending

    cards = course_cards(course)
    # A file an older dltutor wrote (migrations pending) or one whose course cards changed is read
    # through a private copy in memory, brought up to date there: nothing reaches the disk.
    if not write and conn.path is not None and (pending(conn) or not cards_in_step(conn, cards)):
        copy = sqlite3.connect(":memory:", isolation_level=None, factory=StoreConnection)
        try:
            conn.backup(copy)
        finally:
            conn.close()
        conn = copy  # path None: nothing written here reaches the disk
        migrate(conn)
    sync_cards(conn, cards, moment)
    return conn
