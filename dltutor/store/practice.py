"""Practice results in the store: each answer saved, a missed kind made a due card, scores per lecture.

Kept apart from `progress` so that `dltutor practice` starts without importing the scheduler
(fsrs): a practice card is only a row of `cards` here, scheduled like any other card once
`review` rates it. Every change is one `atomic` transaction, committed before it returns.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from dltutor.store.db import atomic

CARD_PREFIX = "practice/"
POINTS_SQL = "(CASE verdict WHEN 'right' THEN 1.0 ELSE 0.0 END)"


def ts(moment: datetime) -> str:
    """The store's timestamp (progress.ts, which this module must not import: it pulls in fsrs)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def card_key(kind: str) -> str:
    return CARD_PREFIX + kind


@dataclass(frozen=True, slots=True)
class Saved:
    answer_id: int
    made_due: bool  # the kind's card waits in review now (not right, and the card is not suspended)


def save_answer(conn: sqlite3.Connection, *, session: str, position: int, kind: str, lecture: str, seed: int,
                params: dict, question: str, response: str, expected: object, verdict: str, slip: str | None,
                card_ord: int, now: datetime) -> Saved:
    """Save one answer; if it was not right, make the kind's review card due, in the same transaction."""
    stamp = ts(now)
    with atomic(conn):
        cur = conn.execute(
            "INSERT INTO practice_answers (session, position, kind, lecture, seed, params, question, response, "
            "expected, verdict, slip, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session, position, kind, lecture, seed, json.dumps(params), question, response, json.dumps(expected),
             verdict, slip, stamp))
        made_due = verdict != "right" and _make_due(conn, card_key(kind), lecture, card_ord, stamp)
    return Saved(cur.lastrowid, made_due)


def _make_due(conn: sqlite3.Connection, key: str, lecture: str, ord_: int, stamp: str) -> bool:
    """A new card for the kind jumps the new-card queue; a studied one is due now; a suspended one stays so.

    True when the card now waits in review (made so now, or already): the learner is told it comes back.
    """
    conn.execute("INSERT INTO cards (key, lecture, kind, ord, created_at, due, priority) "
                 "VALUES (?, ?, 'practice', ?, ?, ?, 1) ON CONFLICT (key) DO UPDATE SET retired = 0, lecture = ?",
                 (key, lecture, ord_, stamp, stamp, lecture))
    conn.execute("UPDATE cards SET priority = 1 WHERE key = ? AND reps = 0", (key,))
    conn.execute("UPDATE cards SET due = ? WHERE key = ? AND reps > 0 AND due > ?", (stamp, key, stamp))
    return not conn.execute("SELECT suspended FROM cards WHERE key = ?", (key,)).fetchone()[0]


def recent_scores(conn: sqlite3.Connection, per_lecture: int = 10) -> dict[str, list[float]]:
    """Each lecture's latest practice scores (1 right, 0 otherwise), newest first."""
    out: dict[str, list[float]] = {}
    for lecture, score in conn.execute(
            f"SELECT lecture, score FROM (SELECT lecture, {POINTS_SQL} AS score, row_number() OVER "
            "(PARTITION BY lecture ORDER BY id DESC) AS n FROM practice_answers) WHERE n <= ?", (per_lecture,)):
        out.setdefault(lecture, []).append(score)
    return out
