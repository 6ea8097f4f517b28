"""Essay versions: rows to dataclasses and back.

Every save of an essay is a new row of `essay_drafts`: no version is ever overwritten, so a
learner can go back to any of them. A version carries the checklist as it was when saved (JSON)
and its word count, so listing essays and stats never grade again. An essay is done when its
latest version is marked done; writing a new version makes it a draft again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dltutor.store.db import atomic
from dltutor.store.progress import parse_ts, ts


@dataclass(frozen=True, slots=True)
class StoredPoint:
    point: str
    status: str  # addressed, missing, contradicted, unsure; or misconception (point: its correction)
    quote: str = ""


@dataclass(frozen=True, slots=True)
class EssayVersion:
    id: int
    lecture: str
    prompt: int
    number: int  # 1 for the first version of this essay
    text: str
    words: int
    checklist: tuple[StoredPoint, ...]
    origin: str
    saved_at: datetime
    done_at: datetime | None

    @property
    def addressed(self) -> int:
        return sum(p.status == "addressed" for p in self.checklist)

    @property
    def key_points(self) -> int:
        return sum(p.status != "misconception" for p in self.checklist)


@dataclass(frozen=True, slots=True)
class EssayState:
    """One prompt's essay as `essay list` and stats see it: its latest version, without the text."""

    lecture: str
    prompt: int
    versions: int
    words: int
    addressed: int
    points: int
    contradicted: int
    saved_at: datetime
    done: bool
    ever_done: bool


def _points(raw: str) -> tuple[StoredPoint, ...]:
    try:
        items = json.loads(raw)
    except ValueError:
        return ()
    return tuple(StoredPoint(str(i.get("point", "")), str(i.get("status", "missing")), str(i.get("quote", "")))
                 for i in items if isinstance(i, dict)) if isinstance(items, list) else ()


_COLUMNS = "id, lecture, prompt, text, words, checklist, origin, saved_at, done_at"


def _version(row: tuple, number: int) -> EssayVersion:
    vid, lecture, prompt, text, words, checklist, origin, saved_at, done_at = row
    return EssayVersion(vid, lecture, prompt, number, text, words, _points(checklist), origin, parse_ts(saved_at),
                        parse_ts(done_at))


def save_version(conn: sqlite3.Connection, lecture: str, prompt: int, text: str, *, words: int,
                 checklist: Sequence[StoredPoint], origin: str, now: datetime) -> EssayVersion:
    """A new version, committed before this returns."""
    items = [{"point": p.point, "status": p.status, "quote": p.quote} for p in checklist]
    with atomic(conn):
        cur = conn.execute(
            "INSERT INTO essay_drafts (lecture, prompt, text, saved_at, words, checklist, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (lecture, prompt, text, ts(now), words, json.dumps(items, ensure_ascii=False), origin))
        number = conn.execute("SELECT count(*) FROM essay_drafts WHERE lecture = ? AND prompt = ?",
                              (lecture, prompt)).fetchone()[0]
    return EssayVersion(cur.lastrowid, lecture, prompt, number, text, words, tuple(checklist), origin,
                        parse_ts(ts(now)), None)


def versions(conn: sqlite3.Connection, lecture: str, prompt: int) -> list[EssayVersion]:
    """Every version of one essay, oldest first."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM essay_drafts WHERE lecture = ? AND prompt = ? ORDER BY id",
                        (lecture, prompt)).fetchall()
    return [_version(row, n) for n, row in enumerate(rows, start=1)]


def latest(conn: sqlite3.Connection, lecture: str, prompt: int) -> EssayVersion | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM essay_drafts WHERE lecture = ? AND prompt = ? ORDER BY id DESC "
                       "LIMIT 1", (lecture, prompt)).fetchone()
    if row is None:
        return None
    number = conn.execute("SELECT count(*) FROM essay_drafts WHERE lecture = ? AND prompt = ?",
                          (lecture, prompt)).fetchone()[0]
    return _version(row, number)


def set_done(conn: sqlite3.Connection, version_id: int, now: datetime | None) -> None:
    """Mark a version done (or, with None, not done)."""
    with atomic(conn):
        conn.execute("UPDATE essay_drafts SET done_at = ? WHERE id = ?", (ts(now) if now else None, version_id))


def states(conn: sqlite3.Connection) -> dict[tuple[str, int], EssayState]:
    """Every essay written so far, by (lecture, prompt): one indexed pass, no essay text read."""
    out: dict[tuple[str, int], EssayState] = {}
    for lecture, prompt, n, words, checklist, saved_at, done_at, ever in conn.execute(
            "SELECT d.lecture, d.prompt, g.n, d.words, d.checklist, d.saved_at, d.done_at, g.ever "
            "FROM essay_drafts d JOIN (SELECT lecture, prompt, count(*) AS n, max(id) AS last, "
            "count(done_at) AS ever FROM essay_drafts GROUP BY lecture, prompt) g ON d.id = g.last"):
        points = [p for p in _points(checklist) if p.status != "misconception"]  # key points only
        out[(lecture, prompt)] = EssayState(
            lecture, prompt, n, words, sum(p.status == "addressed" for p in points), len(points),
            sum(p.status == "contradicted" for p in points), parse_ts(saved_at), done_at is not None, ever > 0)
    return out
