"""What the learner has done, gathered in one read for `dltutor next` and the app's Continue.

Due and new cards, the latest quiz attempt of each scope and what it missed, the last answers to
each question, lectures read and demos run (the activity record), essays, practice by kind. A handful of indexed
queries: no text is read but the quiz scopes and item keys.
"""

from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import datetime

from dltutor.store import activity, essays
from dltutor.settings import Limits
from dltutor.store.progress import LAST_QUIZ, count_due, count_missed, new_available, next_due, parse_ts

TIMED_RATINGS = 200  # the latest ratings whose durations estimate how long a review takes
MAX_RATING_MS = 5 * 60 * 1000  # a card left on screen for longer was not being reviewed


@dataclass(frozen=True, slots=True)
class Attempt:
    id: int
    scope: str  # lecture-3, or "all"
    started_at: datetime
    answered: int
    points: float
    missed: tuple[str, ...]  # item keys not answered right, in the order asked
    missed_since_right: tuple[str, ...] = ()  # of those, the ones answered right in a later attempt

    @property
    def score(self) -> float:
        return self.points / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class History:
    now: datetime
    due_now: int  # every card review shows now, the missed ones included
    next_due: datetime | None
    new_by_lecture: dict[str, int]  # new cards `review --lecture L` would introduce today
    seconds_per_review: float | None  # the median time of the learner's recent ratings
    read: dict[str, datetime]  # lecture (or topic, page) id -> last read
    demos: dict[str, datetime]  # demo name -> last run
    attempts: dict[str, Attempt]  # the latest attempt with answers, by scope
    # item key -> its latest answers, newest first: (verdict, when, answer id)
    last_answers: dict[str, tuple[tuple[str, datetime, int], ...]] = field(default_factory=dict)
    essays: dict[tuple[str, int], essays.EssayState] = field(default_factory=dict)
    missed_due: int = 0  # of due_now, the cards never studied that a quiz or practice missed
    practice: dict[str, PracticeKind] = field(default_factory=dict)  # by kind


@dataclass(frozen=True, slots=True)
class PracticeKind:
    """One kind of practice problem as the learner has met it: its latest answers, newest first."""

    kind: str
    lecture: str
    answered: int
    right: int
    latest: tuple[str, ...]  # the verdicts of its last few answers, newest first
    last_at: datetime
    last_id: int


def _attempts(conn: sqlite3.Connection) -> dict[str, Attempt]:
    latest = conn.execute(
        "SELECT a.id, a.scope, a.started_at, count(q.id), coalesce(sum(q.score), 0) FROM quiz_attempts a "
        f"JOIN quiz_answers q ON q.attempt_id = a.id WHERE a.id IN (SELECT last FROM ({LAST_QUIZ}) "
        ") GROUP BY a.id").fetchall()
    out = {}
    for aid, scope, started, answered, pts in latest:
        missed = [key for (key,) in conn.execute(
            "SELECT item_key FROM quiz_answers WHERE attempt_id = ? AND verdict != 'right' ORDER BY position", (aid,))]
        since = [key for key in missed if conn.execute(
            "SELECT 1 FROM quiz_answers WHERE item_key = ? AND verdict = 'right' AND attempt_id > ? LIMIT 1",
            (key, aid)).fetchone()]
        out[scope] = Attempt(aid, scope, parse_ts(started), answered, pts, tuple(missed), tuple(since))
    return out


def _last_answers(conn: sqlite3.Connection, per_item: int) -> dict[str, tuple[tuple[str, datetime, int], ...]]:
    out: dict[str, list[tuple[str, datetime, int]]] = {}
    for key, verdict, at, aid in conn.execute(
            "SELECT item_key, verdict, answered_at, id FROM (SELECT item_key, verdict, answered_at, id, row_number() OVER "
            "(PARTITION BY item_key ORDER BY id DESC) AS n FROM quiz_answers WHERE type = 'short') WHERE n <= ? "
            "ORDER BY item_key, n", (per_item,)):
        out.setdefault(key, []).append((verdict, parse_ts(at), aid))
    return {k: tuple(v) for k, v in out.items()}


def _practice(conn: sqlite3.Connection, last: int = 3) -> dict[str, PracticeKind]:
    totals = {kind: (lecture, n, right, at, pid) for kind, lecture, n, right, at, pid in conn.execute(
        "SELECT kind, lecture, count(*), coalesce(sum(verdict = 'right'), 0), max(answered_at), max(id) "
        "FROM practice_answers GROUP BY kind")}
    latest: dict[str, list[str]] = {}
    for kind, verdict in conn.execute(
            "SELECT kind, verdict FROM (SELECT kind, verdict, row_number() OVER (PARTITION BY kind ORDER BY id DESC) "
            "AS n FROM practice_answers) WHERE n <= ? ORDER BY kind, n", (last,)):
        latest.setdefault(kind, []).append(verdict)
    return {kind: PracticeKind(kind, lecture, n, right, tuple(latest.get(kind, ())), parse_ts(at), pid)
            for kind, (lecture, n, right, at, pid) in totals.items()}


def _seconds_per_review(conn: sqlite3.Connection) -> float | None:
    durations = [ms for (ms,) in conn.execute(
        "SELECT duration_ms FROM review_log WHERE duration_ms IS NOT NULL AND duration_ms BETWEEN 1 AND ? "
        "ORDER BY id DESC LIMIT ?", (MAX_RATING_MS, TIMED_RATINGS))]
    return statistics.median(durations) / 1000 if len(durations) >= 10 else None


def gather(conn: sqlite3.Connection, now: datetime, limits: Limits, lectures: list[str]) -> History:
    new = {lec: new_available(conn, now, limits, lec) for lec in lectures}
    return History(
        now=now,
        due_now=count_due(conn, now),
        missed_due=count_missed(conn),
        next_due=next_due(conn, now),
        new_by_lecture=new,
        seconds_per_review=_seconds_per_review(conn),
        read=activity.last_times(conn, "read"),
        demos=activity.last_times(conn, "demo"),
        attempts=_attempts(conn),
        last_answers=_last_answers(conn, 2),
        essays=essays.states(conn),
        practice=_practice(conn),
    )


__all__ = ["Attempt", "History", "PracticeKind", "gather"]
