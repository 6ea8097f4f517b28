"""The figures of `dltutor stats`, read from the store with indexed queries.

Days are the learner's study days (local time, turning over at `review.day_starts_at`). Counts run
in SQLite on indexes; the last month's review log is bucketed by bisecting its sorted timestamps,
the year's (the heatmap) and the weeks' (retention over time) by counting index ranges, so a
million rows cost little more than the last year's.

What FSRS knows is shown as well: the collection's retrievability now (the mean predicted chance
of recall over the studied cards, from FSRS's forgetting curve) and its calibration (the recall
FSRS predicted for each review, in bins, against the share actually recalled). Mastery counts
essays beside cards: a prompt weighs as much as `ESSAY_WEIGHT` cards, earned by an essay marked
done in the share of its key points it addresses.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dltutor.clock import day_start, today_end
from dltutor.settings import Limits
from dltutor.store.progress import DUE_SQL, due_today, ts

MATURE_DAYS = 21  # a card whose stability passed three weeks counts as mastered
ESSAY_WEIGHT = 5  # in mastery, one essay prompt counts as much as this many cards
HEATMAP_WEEKS = 53  # the year of reviews, a column a week
RETENTION_WEEKS = 26  # retention over time: the last half year, week by week
CALIBRATION_DAYS = 365  # reviews whose prediction is held to its outcome
CALIBRATION_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)  # predicted recall, lower edges (1.0 ends)
MASTERY_NOTE = (f"cards with stability over {MATURE_DAYS} days, and essays done, each prompt weighing as "
                f"{ESSAY_WEIGHT} cards")
UNPREDICTED = 20_000  # reviews from before predictions were kept: at most this many, newest first, computed now


@dataclass(frozen=True, slots=True)
class LectureInfo:
    id: str
    number: int
    title: str
    essay_prompts: int = 0


def lecture_infos(course: Any) -> list[LectureInfo]:
    return [LectureInfo(lec.id, lec.number, lec.title, len(lec.essay_prompts)) for lec in course.lectures]


def _sql_recall(later: str, earlier: str) -> str:
    """FSRS's curve in SQL (needs SQLite's math functions, 3.35+ built with them): whole days from
    `earlier` to `later` counted as integer milliseconds, then R = (1 + F·t/S)^(−w₂₀) with :factor,
    :decay and the row's `stability`. Python counts whole days from microseconds: the two can differ
    only for a review within a millisecond of a whole number of days ago."""
    ms = "CAST(julianday({}) * 86400000 + 0.5 AS INTEGER)"
    return (f"power(1 + :factor * max(({ms.format(later)} - {ms.format(earlier)}) / 86400000, 0) / stability, "
            ":decay)")


# INDEXED BY: cards_recall holds both columns; the partial index cards_due also matches this
# WHERE, and walking it looks up every row (200 ms against 39 at 100,000 cards).
_RECALL_FROM = ("FROM cards INDEXED BY cards_recall WHERE reps > 0 AND suspended = 0 AND retired = 0 "
                "AND stability > 0 AND last_review IS NOT NULL")
# Ratings logged before predictions were kept, newest first, with the schedule they saved.
_UNPREDICTED_ROWS = ("SELECT json_extract(before, '$.schedule.stability') AS stability, "
                     "json_extract(before, '$.schedule.last_review') AS last, reviewed_at AS at, rating > 1 AS recalled "
                     "FROM review_log WHERE state_before = 2 AND reviewed_at >= :since AND recall IS NULL "
                     "ORDER BY id DESC LIMIT :limit")
SQL_MATH = True  # tests turn it off to check the Python path gives the same figures


def _collection_recall(conn: sqlite3.Connection, now: datetime, constants: tuple[float, float]) -> dict[str, Any]:
    """The mean retrievability now of the studied, active cards: FSRS's curve at whole days since each last review."""
    factor, decay = constants
    if SQL_MATH:
        try:
            n, total = conn.execute(f"SELECT count(*), sum({_sql_recall(':now', 'last_review')}) {_RECALL_FROM}",
                                    {"factor": factor, "decay": decay, "now": ts(now)}).fetchone()
            return {"mean": round(total / n, 4) if n else None, "cards": n}
        except sqlite3.OperationalError:  # no math functions in this SQLite
            pass
    parse = datetime.fromisoformat
    total, n = 0.0, 0
    # The curve inlined: a call per card is a third of the time.
    for stability, last in conn.execute(f"SELECT stability, last_review {_RECALL_FROM}"):
        days = (now - parse(last)).days
        total += (1 + factor * (days if days > 0 else 0) / stability) ** decay
        n += 1
    return {"mean": round(total / n, 4) if n else None, "cards": n}


def _bin(p: float) -> int:
    """The calibration bin of a predicted recall: the last whose lower edge it reaches."""
    return max(bisect_right(CALIBRATION_BINS, p, hi=len(CALIBRATION_BINS) - 1) - 1, 0)


def _calibration(conn: sqlite3.Connection, now: datetime, constants: tuple[float, float]) -> dict[str, Any]:
    """Reviews of learnt cards over the last year: predicted recall in bins against the share recalled."""
    since = ts(now - timedelta(days=CALIBRATION_DAYS))
    edges = CALIBRATION_BINS[:-1]
    case = "CASE " + " ".join(f"WHEN recall >= {lo} THEN {k}" for k, lo in reversed(list(enumerate(edges)))) + " END"
    sums = {k: [0, 0.0, 0] for k in range(len(edges))}  # reviews, predicted, recalled
    for k, n, predicted, recalled in conn.execute(
            f"SELECT {case}, count(*), sum(recall), sum(rating > 1) FROM review_log WHERE state_before = 2 "
            "AND reviewed_at >= ? AND recall IS NOT NULL GROUP BY 1", (since,)):
        sums[k] = [n, predicted, recalled]
    # Reviews logged before predictions were kept: the prediction is computed from the schedule they saved,
    # in SQL where SQLite has math functions (as `_collection_recall`), else row by row below.
    factor, decay = constants
    where = {"factor": factor, "decay": decay, "since": since, "limit": UNPREDICTED}
    if SQL_MATH:
        try:
            for k, n, predicted, recalled in conn.execute(
                    f"SELECT {case.replace('recall', 'p')}, count(*), sum(p), sum(recalled) FROM (SELECT "
                    f"{_sql_recall('at', 'last')} AS p, recalled FROM ({_UNPREDICTED_ROWS}) WHERE stability AND last) "
                    "GROUP BY 1", where).fetchall():
                sums[k] = [sums[k][0] + n, sums[k][1] + predicted, sums[k][2] + recalled]
            return _calibration_figures(sums)
        except sqlite3.OperationalError:  # no math functions in this SQLite (nothing was added to sums)
            pass
    parse = datetime.fromisoformat
    for stability, last, at, recalled in conn.execute(_UNPREDICTED_ROWS, where):
        if stability and last:
            days = (parse(at) - parse(last)).days
            p = (1 + factor * (days if days > 0 else 0) / stability) ** decay
            entry = sums[_bin(p)]
            entry[0] += 1
            entry[1] += p
            entry[2] += recalled
    return _calibration_figures(sums)


def _calibration_figures(sums: dict[int, list[Any]]) -> dict[str, Any]:
    bins = [{"from": CALIBRATION_BINS[k], "to": CALIBRATION_BINS[k + 1], "reviews": n,
             "predicted": round(predicted / n, 4), "recalled": round(recalled / n, 4)}
            for k, (n, predicted, recalled) in sums.items() if n]
    n = sum(b[0] for b in sums.values())
    return {"reviews": n, "window_days": CALIBRATION_DAYS, "bins": bins,
            "predicted": round(sum(b[1] for b in sums.values()) / n, 4) if n else None,
            "recalled": round(sum(b[2] for b in sums.values()) / n, 4) if n else None}


def _retention_weeks(conn: sqlite3.Connection, today: datetime) -> list[dict[str, Any]]:
    """Week by week, the share of reviews of learnt cards recalled (the weeks end with today)."""
    out = []
    end = today + timedelta(days=1)
    for k in range(RETENTION_WEEKS, 0, -1):
        lo, hi = end - timedelta(weeks=k), end - timedelta(weeks=k - 1)
        recalled, seen = conn.execute(
            "SELECT coalesce(sum(rating > 1), 0), count(*) FROM review_log WHERE state_before = 2 "
            "AND reviewed_at >= ? AND reviewed_at < ?", (ts(lo), ts(hi))).fetchone()
        out.append({"week_from": lo.date().isoformat(), "reviews": seen,
                    "retention": round(recalled / seen, 4) if seen else None})
    return out


def _year(conn: sqlite3.Connection, today: datetime) -> dict[str, Any]:
    """Reviews per study day over the last year, from a Monday: a heatmap's cells, oldest first."""
    first = today - timedelta(days=7 * (HEATMAP_WEEKS - 1) + today.weekday())
    days = [first + timedelta(days=k) for k in range((today - first).days + 2)]
    counts = [conn.execute("SELECT count(*) FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ?",
                           (ts(a), ts(b))).fetchone()[0] for a, b in zip(days, days[1:])]
    return {"from": first.date().isoformat(), "days": counts, "studied_days": sum(1 for c in counts if c),
            "reviews": sum(counts)}


def collect(conn: sqlite3.Connection, now: datetime, *, lectures: list[LectureInfo], desired_retention: float,
            new_per_day: int, rollover_hour: int, scheduler: Any = None) -> dict[str, Any]:
    """Every figure `dltutor stats` prints (its --json), for the cards and logs in `conn`."""
    from dltutor.settings import SchedulerSettings
    from dltutor.study.scheduler import curve_constants

    constants = curve_constants(scheduler or SchedulerSettings(desired_retention=desired_retention))
    active = "suspended = 0 AND retired = 0"
    start = day_start(now, rollover_hour)
    days = [start + timedelta(days=k) for k in range(-29, 1)]  # the 30 study days of reviews, today's last

    def count(sql: str, *args: Any) -> int:
        return conn.execute(sql, args).fetchone()[0]

    today = due_today(conn, now, Limits(new_per_day=new_per_day, rollover_hour=rollover_hour))
    # The week ahead by the calendar: today runs to clock.today_end (past midnight, before the day
    # starts, that is the day start after next), each next day to the next day start.
    end = today_end(now, rollover_hour)
    upcoming = [{"date": now.astimezone().date().isoformat(), "due": today.now + today.later}]
    for k in range(1, 7):
        day = end + timedelta(days=k - 1)
        upcoming.append({"date": day.date().isoformat(),
                         "due": count(f"SELECT count(*) FROM cards WHERE reps > 0 AND {active} AND due >= ? "
                                      "AND due < ?", ts(day), ts(day + timedelta(days=1)))})

    stamps = [row[0] for row in conn.execute(
        "SELECT reviewed_at FROM review_log WHERE reviewed_at >= ? ORDER BY reviewed_at", (ts(days[0]),))]
    edges = [bisect_left(stamps, ts(day)) for day in [*days, days[-1] + timedelta(days=1)]]
    by_day = [{"date": days[k].date().isoformat(), "reviews": edges[k + 1] - edges[k]} for k in range(30)]
    streak = 0
    for entry in reversed(by_day):
        if entry["reviews"] == 0:
            if entry is by_day[-1]:
                continue  # today not studied yet does not break the streak
            break
        streak += 1

    recalled, seen = conn.execute(
        "SELECT coalesce(sum(rating > 1), 0), count(*) FROM review_log WHERE state_before = 2 AND reviewed_at >= ?",
        (ts(days[0]),)).fetchone()
    total = count("SELECT count(*) FROM review_log")

    per_lecture = {row[0]: row[1:] for row in conn.execute(
        f"SELECT lecture, count(*), coalesce(sum(reps > 0), 0), coalesce(sum(stability > {MATURE_DAYS}), 0), "
        f"coalesce(sum({DUE_SQL}), 0) FROM cards WHERE {active} GROUP BY lecture", {"now": ts(now)})}
    quiz_by_lecture = {lec: (n, avg) for lec, n, avg in conn.execute(
        "SELECT lecture, count(*), avg(score) FROM (SELECT lecture, score, row_number() OVER "
        "(PARTITION BY lecture ORDER BY id DESC) AS k FROM quiz_answers) WHERE k <= 10 GROUP BY lecture")}
    from dltutor.store.essays import states
    from dltutor.store.practice import recent_scores

    practice = recent_scores(conn)
    essays = states(conn)
    lecture_rows = []
    for lec in lectures:
        cards, studied, mature, due = per_lecture.get(lec.id, (0, 0, 0, 0))
        answered, quiz_avg = quiz_by_lecture.get(lec.id, (0, None))
        solved = practice.get(lec.id, [])
        written = [e for (lecture, prompt), e in essays.items() if lecture == lec.id and prompt <= lec.essay_prompts]
        done = [e for e in written if e.done]
        earned = sum(e.addressed / e.points for e in done if e.points)
        weight = cards + ESSAY_WEIGHT * lec.essay_prompts
        lecture_rows.append({
            "lecture": lec.id, "number": lec.number, "title": lec.title, "cards": cards, "studied": studied,
            "mature": mature, "mastery": round((mature + ESSAY_WEIGHT * earned) / weight, 4) if weight else 0.0,
            "due_now": due, "essay_prompts": lec.essay_prompts, "essays_written": len(written),
            "essays_done": len(done),
            "quiz_score": round(quiz_avg, 4) if quiz_avg is not None else None, "quiz_answers": answered,
            "practice_score": round(sum(solved) / len(solved), 4) if solved else None,
            "practice_answers": len(solved),
        })

    attempts = count("SELECT count(*) FROM quiz_attempts a WHERE EXISTS "
                     "(SELECT 1 FROM quiz_answers q WHERE q.attempt_id = a.id)")
    recent = [{"attempt": aid, "date": started[:10], "scope": scope, "answered": n, "planned": planned,
               "score": round(score, 4), "finished": finished is not None}
              for aid, started, scope, planned, finished, n, score in conn.execute(
                  "SELECT a.id, a.started_at, a.scope, a.planned, a.finished_at, count(q.id), "
                  "coalesce(sum(q.score), 0) "
                  "FROM quiz_attempts a JOIN quiz_answers q ON q.attempt_id = a.id "
                  "GROUP BY a.id ORDER BY a.id DESC LIMIT 5")]
    return {
        "now": now.isoformat(),
        "due_now": today.now,
        "due_later_today": today.later,
        "new_available": today.new,
        "due_today": today.total,  # = due_now + due_later_today + new_available = upcoming[0] + new_available
        "upcoming": upcoming,
        "reviews_total": total,
        "reviews_today": by_day[-1]["reviews"],
        "reviews_by_day": by_day,
        "streak_days": streak,
        "retention": {"measured": round(recalled / seen, 4) if seen else None, "reviews": seen,
                      "desired": desired_retention, "window_days": 30},
        "lectures": lecture_rows,
        "own_cards": per_lecture.get(None, (0,))[0],
        "quiz_attempts": attempts,
        "practice_answers": count("SELECT count(*) FROM practice_answers"),
        "recent_quizzes": recent,
        "essays": {"prompts": sum(lec.essay_prompts for lec in lectures), "written": len(essays),
                   "done": sum(e.done for e in essays.values()), "words": sum(e.words for e in essays.values())},
        "retrievability": _collection_recall(conn, now, constants),
        "calibration": _calibration(conn, now, constants),
        "retention_by_week": _retention_weeks(conn, start),
        "year": _year(conn, start),
    }
