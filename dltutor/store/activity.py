"""The activity record: what leaves no other trace in the store, a lecture read or a demo run.

It is the one record both front ends write (`via` says which), so `dltutor next` and the app's
Continue see what was done in either.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from dltutor.store.db import atomic
from dltutor.store.progress import parse_ts, ts

KINDS = ("read", "demo")


def record(conn: sqlite3.Connection, kind: str, subject: str, via: str, now: datetime) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown activity {kind!r}")
    with atomic(conn):
        conn.execute("INSERT INTO activity (kind, subject, at, via) VALUES (?, ?, ?, ?)",
                     (kind, subject, ts(now), via))


def last_times(conn: sqlite3.Connection, kind: str) -> dict[str, datetime]:
    """When each subject was last read (or run), by subject."""
    return {subject: parse_ts(at) for subject, at in conn.execute(
        "SELECT subject, max(at) FROM activity WHERE kind = ? GROUP BY subject", (kind,))}
