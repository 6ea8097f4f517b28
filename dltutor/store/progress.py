"""Rows to the study layer's dataclasses and back: cards, ratings, undo, quiz attempts.

Every function that changes something does it in one `atomic` transaction and returns only once
it is committed, so whatever a front end then shows as done is on disk; the one exception,
`write_rating`, runs inside the transaction of the unit of work that owns it (`study.session.
rate_card`: read the card, schedule it, write card and log). The store never schedules.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from dltutor.clock import day_start, today_end
from dltutor.settings import Limits
from dltutor.store.db import UnreadableValue, atomic
from dltutor.study.scheduler import Schedule

_FMT = "%Y-%m-%dT%H:%M:%S.%fZ"
LEARN_AHEAD = timedelta(minutes=20)  # with nothing else due, a learning step this close is shown now


def ts(moment: datetime) -> str:
    """A fixed-width UTC timestamp that sorts as text: 2026-01-15T09:00:00.000000Z."""
    moment = moment.astimezone(timezone.utc)
    if not 1000 <= moment.year <= 9999:  # the clock keeps to 1970-9000; never store what cannot be read back
        raise ValueError(f"{moment.isoformat()} has no four-digit year")
    return moment.strftime(_FMT)


def parse_ts(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        # Only the fixed width `ts` writes; fromisoformat reads it without strptime's 5 ms import.
        if not (isinstance(text, str) and len(text) == 27 and text[10] == "T" and text[-1] == "Z"):
            raise ValueError(text)
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        from dltutor.textsafe import clip

        raise UnreadableValue(f"a time that cannot be read back ({clip(str(text))!r})") from None


@dataclass(frozen=True, slots=True)
class StoredCard:
    id: int
    key: str
    lecture: str | None
    kind: str
    front: str | None  # own cards only
    back: str | None
    schedule: Schedule
    priority: int = 0
    suspended: bool = False
    leech: bool = False
    retired: bool = False


_CARD_COLUMNS = ("id, key, lecture, kind, front, back, state, step, stability, difficulty, due, last_review, "
                 "reps, lapses, priority, suspended, leech, retired")


def _card(row: tuple) -> StoredCard:
    (cid, key, lecture, kind, front, back, state, step, stability, difficulty, due, last_review,
     reps, lapses, priority, suspended, leech, retired) = row
    schedule = Schedule(due=parse_ts(due), state=state, step=step, stability=stability, difficulty=difficulty,
                        last_review=parse_ts(last_review), reps=reps, lapses=lapses)
    return StoredCard(cid, key, lecture, kind, front, back, schedule, priority, bool(suspended), bool(leech),
                      bool(retired))


def _schedule_json(s: Schedule) -> str:
    return json.dumps({"state": s.state, "step": s.step, "stability": s.stability, "difficulty": s.difficulty,
                       "due": ts(s.due), "last_review": ts(s.last_review) if s.last_review else None,
                       "reps": s.reps, "lapses": s.lapses})


def _write_schedule(conn: sqlite3.Connection, card_id: int, s: Schedule, **flags: int) -> None:
    sets = "".join(f", {name} = :{name}" for name in flags)
    conn.execute(
        "UPDATE cards SET state = :state, step = :step, stability = :stability, difficulty = :difficulty, "
        f"due = :due, last_review = :last_review, reps = :reps, lapses = :lapses{sets} WHERE id = :id",
        {"state": s.state, "step": s.step, "stability": s.stability, "difficulty": s.difficulty, "due": ts(s.due),
         "last_review": ts(s.last_review) if s.last_review else None, "reps": s.reps, "lapses": s.lapses,
         "id": card_id, **flags})


# --- cards -------------------------------------------------------------------------------------

def _fingerprint(cards: Sequence) -> str:
    return str(zlib.crc32("\n".join(f"{c.key}\t{c.lecture}\t{c.ord}" for c in cards).encode()))


def _synced(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'course_cards'").fetchone()
    return row[0] if row else None


def cards_in_step(conn: sqlite3.Connection, cards: Sequence) -> bool:
    """Whether the table already holds exactly these course cards (what `sync_cards` would skip)."""
    return _synced(conn) == _fingerprint(cards)


def sync_cards(conn: sqlite3.Connection, cards: Sequence, now: datetime) -> tuple[int, int]:
    """Make the table hold a row for every course card; retire rows whose content is gone.

    Skipped entirely (one indexed read) while the course's set of cards is unchanged.
    Returns (added, retired).
    """
    fingerprint = _fingerprint(cards)
    if _synced(conn) == fingerprint:
        return (0, 0)
    added = retired = 0
    with atomic(conn):
        # Own cards and practice cards (store.practice) are not the course's to retire.
        existing = {key: (cid, ret) for cid, key, ret in
                    conn.execute("SELECT id, key, retired FROM cards WHERE kind NOT IN ('own', 'practice')")}
        wanted = {c.key for c in cards}
        stamp = ts(now)
        for c in cards:
            if c.key in existing:
                conn.execute("UPDATE cards SET lecture = ?, ord = ?, retired = 0 WHERE id = ?",
                             (c.lecture, c.ord, existing[c.key][0]))
            else:
                conn.execute("INSERT INTO cards (key, lecture, kind, ord, created_at, due) VALUES (?, ?, ?, ?, ?, ?)",
                             (c.key, c.lecture, c.kind, c.ord, stamp, stamp))
                added += 1
        for key, (cid, ret) in existing.items():
            if key not in wanted and not ret:
                conn.execute("UPDATE cards SET retired = 1 WHERE id = ?", (cid,))
                retired += 1
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('course_cards', ?)", (fingerprint,))
    return added, retired


def get_card(conn: sqlite3.Connection, card_id: int) -> StoredCard | None:
    row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,)).fetchone()
    return _card(row) if row else None


def find_card(conn: sqlite3.Connection, key: str) -> StoredCard | None:
    row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE key = ?", (key,)).fetchone()
    return _card(row) if row else None


def list_cards(conn: sqlite3.Connection, *, lecture: str | None = None,
               include_hidden: bool = False) -> list[StoredCard]:
    where, args = [], []
    if not include_hidden:
        where.append("retired = 0")
    if lecture is not None:
        where.append("lecture = ?")
        args.append(lecture)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return [_card(r) for r in conn.execute(
        f"SELECT {_CARD_COLUMNS} FROM cards {clause} ORDER BY lecture IS NULL, ord, id", args)]


def due_cards(conn: sqlite3.Connection, now: datetime, limits: Limits, lecture: str | None = None) -> list[StoredCard]:
    """What `review` would show today: studied cards due now, quiz misses, and today's share of new cards."""
    today = today_counts(conn, now, limits.rollover_hour)
    by = "AND lecture = :lecture " if lecture else ""
    active = "suspended = 0 AND retired = 0"
    args = {"now": ts(now), "lecture": lecture, "new": max(limits.new_per_day - today.new, 0)}
    rows = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps > 0 AND {active} {by}AND due <= :now "
                        "ORDER BY due", args).fetchall()
    rows += conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps = 0 AND priority = 1 AND {active} {by}"
                         "ORDER BY ord, id", args).fetchall()
    rows += conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps = 0 AND priority = 0 AND {active} {by}"
                         "ORDER BY ord, id LIMIT :new", args).fetchall()
    return [_card(r) for r in rows]


def add_own_card(conn: sqlite3.Connection, front: str, back: str, lecture: str | None, now: datetime) -> StoredCard:
    with atomic(conn):
        n = conn.execute("SELECT count(*) FROM cards WHERE kind = 'own'").fetchone()[0] + 1
        while conn.execute("SELECT 1 FROM cards WHERE key = ?", (f"own/{n}",)).fetchone():
            n += 1
        stamp = ts(now)
        cur = conn.execute(
            "INSERT INTO cards (key, lecture, kind, ord, front, back, created_at, due) VALUES (?, ?, 'own', ?, ?, ?, ?, ?)",
            (f"own/{n}", lecture, n, front, back, stamp, stamp))  # course cards start at 10000: yours come first
    return get_card(conn, cur.lastrowid)


def set_suspended(conn: sqlite3.Connection, card_id: int, suspended: bool) -> None:
    with atomic(conn):
        conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))


def own_cards(conn: sqlite3.Connection) -> list[StoredCard]:
    """The learner's own cards still in use (not deleted)."""
    return [_card(r) for r in conn.execute(
        f"SELECT {_CARD_COLUMNS} FROM cards WHERE kind = 'own' AND retired = 0 ORDER BY id")]


def edit_own_card(conn: sqlite3.Connection, card_id: int, front: str, back: str) -> StoredCard:
    """New text on an own card; its schedule and review history stay (as an edited definition's do)."""
    with atomic(conn):
        conn.execute("UPDATE cards SET front = ?, back = ? WHERE id = ? AND kind = 'own' AND retired = 0",
                     (front, back, card_id))
    return get_card(conn, card_id)


def delete_own_card(conn: sqlite3.Connection, card_id: int) -> int:
    """Take an own card out of use for good; returns how many of its reviews stay in the history.

    The row is retired, not removed: its review log is the record of what the learner did (reviews
    per day, streaks, measured retention, the data `review --optimize` fits), and that stays true.
    """
    with atomic(conn):
        conn.execute("UPDATE cards SET retired = 1 WHERE id = ? AND kind = 'own'", (card_id,))
    return review_count(conn, card_id)


def review_count(conn: sqlite3.Connection, card_id: int) -> int:
    return conn.execute("SELECT count(*) FROM review_log WHERE card_id = ?", (card_id,)).fetchone()[0]


# A card due now: studied and due, or new and missed in a quiz (or practice). A missed new card is
# due, not new: it is counted with the due cards everywhere and its rating uses no new-card slot.
DUE_SQL = "((reps > 0 AND due <= :now) OR (reps = 0 AND priority = 1))"


def make_due(conn: sqlite3.Connection, keys: Iterable[str], now: datetime) -> int:
    """Missed in a quiz: each card is due now (a new one ahead of the new cards).

    Returns how many of these cards now wait in review, each counted once: made due now or due
    already, and not suspended.
    """
    stamp, keys = ts(now), list(dict.fromkeys(keys))
    if not keys:
        return 0
    with atomic(conn):
        for key in keys:
            conn.execute("UPDATE cards SET priority = 1 WHERE key = ? AND reps = 0 AND retired = 0", (key,))
            conn.execute("UPDATE cards SET due = ? WHERE key = ? AND reps > 0 AND due > ? AND retired = 0",
                         (stamp, key, stamp))
        marks = ", ".join("?" * len(keys))
        return conn.execute(f"SELECT count(*) FROM cards WHERE key IN ({marks}) AND suspended = 0 AND retired = 0 "
                            f"AND {DUE_SQL.replace(':now', '?')}", (*keys, stamp)).fetchone()[0]


# --- choosing the next card ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Today:
    new: int       # new cards introduced today (a missed card rated while new is due, not new: not counted)
    reviews: int   # review-state cards rated today


def today_counts(conn: sqlite3.Connection, now: datetime, rollover_hour: int = 4) -> Today:
    # A rating's log row keeps the card's priority before it (for undo): 1 means it was a missed card.
    new, reviews = conn.execute(
        "SELECT coalesce(sum(state_before = 0 AND coalesce(json_extract(before, '$.priority'), 0) = 0), 0), "
        "coalesce(sum(state_before = 2), 0) FROM review_log WHERE reviewed_at >= ?",
        (ts(day_start(now, rollover_hour)),)).fetchone()
    return Today(new, reviews)


def next_card(conn: sqlite3.Connection, now: datetime, limits: Limits = Limits(),
              lecture: str | None = None, exclude: Collection[int] = ()) -> StoredCard | None:
    """The card to show now: learning steps due, then reviews, then new cards, within today's limits."""
    today = today_counts(conn, now, limits.rollover_hour)
    by = "AND lecture = :lecture " if lecture else ""
    if exclude:  # cards skipped in this session: a handful at most
        by += f"AND id NOT IN ({', '.join(str(int(i)) for i in exclude)}) "
    args = {"now": ts(now), "lecture": lecture, "ahead": ts(now + LEARN_AHEAD)}
    active = "suspended = 0 AND retired = 0"
    queries = [f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps > 0 AND state != 2 AND {active} {by}"
               "AND due <= :now ORDER BY due LIMIT 1"]
    if today.reviews < limits.reviews_per_day:
        queries.append(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps > 0 AND {active} {by}AND due <= :now "
                       "ORDER BY due LIMIT 1")
    queries.append(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps = 0 AND priority = 1 AND {active} {by}"
                   "ORDER BY priority DESC, ord, id LIMIT 1")
    if today.new < limits.new_per_day:
        queries.append(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps = 0 AND {active} {by}"
                       "ORDER BY priority DESC, ord, id LIMIT 1")
    queries.append(f"SELECT {_CARD_COLUMNS} FROM cards WHERE reps > 0 AND state != 2 AND {active} {by}"
                   "AND due <= :ahead ORDER BY due LIMIT 1")
    for query in queries:
        row = conn.execute(query, args).fetchone()
        if row:
            return _card(row)
    return None


def next_due(conn: sqlite3.Connection, now: datetime, lecture: str | None = None) -> datetime | None:
    """When the next studied card falls due (for "nothing is due; next card at ...")."""
    by = "AND lecture = ? " if lecture else ""
    row = conn.execute(f"SELECT min(due) FROM cards WHERE reps > 0 AND suspended = 0 AND retired = 0 {by}",
                       (lecture,) if lecture else ()).fetchone()
    return parse_ts(row[0]) if row and row[0] else None


def count_due(conn: sqlite3.Connection, now: datetime, lecture: str | None = None) -> int:
    """Cards due by `now`: learning steps, reviews and missed cards (new cards are counted apart)."""
    by = "AND lecture = :lecture " if lecture else ""
    return conn.execute(f"SELECT count(*) FROM cards WHERE suspended = 0 AND retired = 0 AND {DUE_SQL} {by}",
                        {"now": ts(now), "lecture": lecture}).fetchone()[0]


def count_missed(conn: sqlite3.Connection, lecture: str | None = None) -> int:
    """Cards due only because a quiz or practice missed them: never studied, counted with the due cards."""
    by = "AND lecture = ? " if lecture else ""
    return conn.execute(f"SELECT count(*) FROM cards WHERE reps = 0 AND priority = 1 AND suspended = 0 "
                        f"AND retired = 0 {by}", (lecture,) if lecture else ()).fetchone()[0]


def new_available(conn: sqlite3.Connection, now: datetime, limits: Limits, lecture: str | None = None) -> int:
    """New cards `review` would still introduce today: what the daily limit leaves (missed cards are due)."""
    by = "AND lecture = ? " if lecture else ""
    args = (lecture,) if lecture else ()
    others = conn.execute(f"SELECT count(*) FROM cards WHERE reps = 0 AND priority = 0 AND suspended = 0 "
                          f"AND retired = 0 {by}", args).fetchone()[0]
    left = max(limits.new_per_day - today_counts(conn, now, limits.rollover_hour).new, 0)
    return min(others, left)


@dataclass(frozen=True, slots=True)
class DueToday:
    """What today holds, in parts that add up: due now + due later today + new = in all."""
    now: int
    later: int   # studied cards falling due after now, before today ends (clock.today_end)
    new: int

    @property
    def total(self) -> int:
        return self.now + self.later + self.new


def due_today(conn: sqlite3.Connection, now: datetime, limits: Limits, lecture: str | None = None) -> DueToday:
    by = "AND lecture = :lecture " if lecture else ""
    later = conn.execute(f"SELECT count(*) FROM cards WHERE reps > 0 AND suspended = 0 AND retired = 0 "
                         f"AND due > :now AND due < :end {by}",
                         {"now": ts(now), "end": ts(today_end(now, limits.rollover_hour)),
                          "lecture": lecture}).fetchone()[0]
    return DueToday(count_due(conn, now, lecture), later, new_available(conn, now, limits, lecture))


def new_waiting(conn: sqlite3.Connection, lecture: str | None = None) -> int:
    by = "AND lecture = ? " if lecture else ""
    return conn.execute(f"SELECT count(*) FROM cards WHERE reps = 0 AND priority = 0 AND suspended = 0 "
                        f"AND retired = 0 {by}", (lecture,) if lecture else ()).fetchone()[0]


# --- rating and undo --------------------------------------------------------------------------

def write_rating(conn: sqlite3.Connection, before: StoredCard, schedule: Schedule, rating: int, now: datetime, *,
                 leech: bool, session: str | None = None, duration_ms: int | None = None,
                 recall: float | None = None) -> tuple[int, StoredCard]:
    """Write a rated card's new schedule and its log row (with what undo restores): (log id, the card after).

    Only rows: the caller owns the transaction, and the schedule is the scheduler's (see
    `study.session.rate_card`, the one unit of work that rates a card).
    """
    _write_schedule(conn, before.id, schedule, priority=0, leech=int(leech))
    state_before = 0 if before.schedule.is_new else before.schedule.state
    cur = conn.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before, session, before, after, "
        "recall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (before.id, rating, ts(now), duration_ms, state_before, session,
         json.dumps({"schedule": json.loads(_schedule_json(before.schedule)), "priority": before.priority,
                     "leech": before.leech}), json.dumps({"schedule": json.loads(_schedule_json(schedule))}), recall))
    return cur.lastrowid, get_card(conn, before.id)


def undo(conn: sqlite3.Connection, log_id: int) -> StoredCard | None:
    """Take back one rating: restore the card as it was and delete the log row, together.

    Refused (None) if the card has been rated again since, which would make the restore a lie.
    """
    with atomic(conn):
        row = conn.execute("SELECT card_id, before FROM review_log WHERE id = ?", (log_id,)).fetchone()
        if row is None:
            return None
        card_id, before = row
        latest = conn.execute("SELECT max(id) FROM review_log WHERE card_id = ?", (card_id,)).fetchone()[0]
        if latest != log_id:
            return None
        saved = json.loads(before)
        schedule = _saved_schedule(before)
        _write_schedule(conn, card_id, schedule, priority=int(saved["priority"]), leech=int(saved["leech"]))
        conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
    return get_card(conn, card_id)


@dataclass(frozen=True, slots=True)
class Review:
    """One rating of a card, with the schedule it left the card on."""

    log_id: int
    rating: int
    at: datetime
    state_before: int  # 0 new, else the fsrs State before the rating
    duration_ms: int | None
    before: Schedule  # the card's schedule when it was rated
    after: Schedule  # the schedule the rating gave it


def _saved_schedule(text: str) -> Schedule:
    s = json.loads(text)["schedule"]
    return Schedule(due=parse_ts(s["due"]), state=s["state"], step=s["step"], stability=s["stability"],
                    difficulty=s["difficulty"], last_review=parse_ts(s["last_review"]), reps=s["reps"],
                    lapses=s["lapses"])


def card_reviews(conn: sqlite3.Connection, card: StoredCard) -> list[Review]:
    """Every rating of `card`, oldest first, with the schedule it gave (as recorded; for a rating made
    before m005 recorded it, the next rating's "before", or the card as it is now)."""
    rows = conn.execute("SELECT id, rating, reviewed_at, state_before, duration_ms, before, after FROM review_log "
                        "WHERE card_id = ? ORDER BY id", (card.id,)).fetchall()
    befores = [_saved_schedule(row[5]) for row in rows]
    fallback = befores[1:] + [card.schedule]
    return [Review(lid, rating, parse_ts(at), state, ms, before, _saved_schedule(after) if after else older)
            for (lid, rating, at, state, ms, _, after), before, older in zip(rows, befores, fallback)]


def review_logs(conn: sqlite3.Connection) -> list[tuple[int, int, datetime, int | None]]:
    """(card id, rating, when, duration) for every rating, oldest first: the optimizer's input."""
    return [(cid, rating, parse_ts(at), dur) for cid, rating, at, dur in
            conn.execute("SELECT card_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id")]


# --- quiz attempts ------------------------------------------------------------------------------

def start_attempt(conn: sqlite3.Connection, scope: str, types: Sequence[str], seed: int | None, planned: int,
                  now: datetime) -> int:
    with atomic(conn):
        cur = conn.execute("INSERT INTO quiz_attempts (started_at, scope, types, seed, planned) VALUES (?, ?, ?, ?, ?)",
                           (ts(now), scope, ",".join(types), seed, planned))
    return cur.lastrowid


def save_answer(conn: sqlite3.Connection, attempt_id: int, position: int, *, item_key: str, lecture: str,
                type: str, question: str, response: str, verdict: str, score: float,
                hit: Sequence[str], missed: Sequence[str], now: datetime) -> int:
    with atomic(conn):
        cur = conn.execute(
            "INSERT INTO quiz_answers (attempt_id, position, item_key, lecture, type, question, response, verdict, "
            "score, key_points_hit, key_points_missed, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attempt_id, position, item_key, lecture, type, question, response, verdict, score,
             json.dumps(list(hit), ensure_ascii=False), json.dumps(list(missed), ensure_ascii=False), ts(now)))
    return cur.lastrowid


def override_verdict(conn: sqlite3.Connection, answer_id: int, verdict: str, score: float) -> None:
    with atomic(conn):
        conn.execute("UPDATE quiz_answers SET verdict = ?, score = ?, overridden = 1 WHERE id = ?",
                     (verdict, score, answer_id))


def settle_answer(conn: sqlite3.Connection, answer_id: int, verdict: str, score: float,
                  hit: Sequence[str], missed: Sequence[str]) -> None:
    """The learner judged the key points the grader could not: recorded as such (`overridden` = 2)."""
    with atomic(conn):
        conn.execute("UPDATE quiz_answers SET verdict = ?, score = ?, key_points_hit = ?, key_points_missed = ?, "
                     "overridden = 2 WHERE id = ?",
                     (verdict, score, json.dumps(list(hit), ensure_ascii=False),
                      json.dumps(list(missed), ensure_ascii=False), answer_id))


def finish_attempt(conn: sqlite3.Connection, attempt_id: int, now: datetime) -> None:
    with atomic(conn):
        conn.execute("UPDATE quiz_attempts SET finished_at = ? WHERE id = ?", (ts(now), attempt_id))


# The attempt whose misses `--wrong` retries, per scope: the latest quiz finished, so a later one
# stopped early does not hide them; with none finished yet, the latest with any answer.
LAST_QUIZ = (
    "SELECT a.scope AS scope, coalesce(max(CASE WHEN a.finished_at IS NOT NULL THEN a.id END), max(a.id)) AS last "
    "FROM quiz_attempts a WHERE EXISTS (SELECT 1 FROM quiz_answers q WHERE q.attempt_id = a.id) GROUP BY a.scope")


def missed_last_time(conn: sqlite3.Connection, scope: str) -> list[str] | None:
    """Item keys not answered right (wrong, partly right or skipped) in the last quiz for `scope`
    (`LAST_QUIZ`: the latest finished, else the latest with answers); None if there is none yet."""
    row = conn.execute(f"SELECT last FROM ({LAST_QUIZ}) WHERE scope = ?", (scope,)).fetchone()
    if not row or row[0] is None:
        return None
    return [key for (key,) in conn.execute(
        "SELECT item_key FROM quiz_answers WHERE attempt_id = ? AND verdict != 'right' ORDER BY position", (row[0],))]


def recent_scores(conn: sqlite3.Connection, per_lecture: int = 10) -> dict[str, list[float]]:
    """Each lecture's latest quiz scores (the points each answer earned, 0..1), newest first."""
    out: dict[str, list[float]] = {}
    for lecture, score in conn.execute(
            "SELECT lecture, score FROM (SELECT lecture, score, row_number() OVER "
            "(PARTITION BY lecture ORDER BY id DESC) AS n FROM quiz_answers) WHERE n <= ?", (per_lecture,)):
        out.setdefault(lecture, []).append(score)
    return out
