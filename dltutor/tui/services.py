"""What every screen of the app shares: the course, the store, the settings, the clock, the last place.

One `Services` object is made by the app factory and reached from any screen as `self.app.services`.
It opens nothing until asked: the course loads on first use (about 1 ms from its cache), the
progress database on the first screen that needs it. Database work stays on the app's own
thread (each step takes well under 5 ms); only demos run in worker threads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any


def _now() -> datetime:
    from dltutor.clock import now

    return now()


@dataclass
class Services:
    clock: Callable[[], datetime] = _now
    db_path: Path | None = None  # None: the data directory's progress.db
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    @cached_property
    def course(self) -> Any:
        from dltutor.course.load import load_course

        return load_course()

    @property
    def settings(self) -> Any:
        from dltutor.settings import load_settings

        return load_settings()  # re-read: `dltutor config set` in another terminal takes effect

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            from dltutor.study.store import open_store

            # The app writes (answers, ratings, where you are), so it opens the store as the
            # writing commands do: checked first, backed up daily, refused in one line if it cannot.
            self._conn = open_store(self.course, write=True, path=self.db_path, clock=self.clock,
                                    rollover_hour=self.settings.day_starts_at)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- the one record of progress the command line shares ---
    def record(self, kind: str, subject: str) -> None:
        """Note a lecture read or a demo run, as `dltutor read` and `dltutor demo` do."""
        from dltutor.store import activity

        activity.record(self.conn, kind, subject, "app", self.clock())

    def next_step(self) -> Any:
        """What `dltutor next` would say now: the home screen's Continue."""
        from dltutor.study.next_step import recommend, situation

        return recommend(situation(self.conn, self.course, self.settings, self.clock()))
