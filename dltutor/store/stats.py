"""The figures of `dltutor stats`, read from the store with indexed queries.

Days are the learner's study days (local time, turning over at `review.day_starts_at`). Counts run
in SQLite on indexes; the review log is bucketed by bisecting its sorted timestamps, so a million
rows cost no more than the last month's.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dltutor.clock import day_start, today_end
from dltutor.settings import Limits
from dltutor.store.progress import DUE_SQL, POINTS_SQL, due_today, ts

MATURE_DAYS = 21  # a card whose stability passed three weeks counts as mastered


@dataclass(frozen=True, slots=True)
class LectureInfo:
    id: str
    number: int
    title: str


def collect(conn: sqlite3.Connection, now: datetime, *, lectures: list[LectureInfo], desired_retention: float,
            new_per_day: int, rollover_hour: int) -> dict[str, Any]:
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
        f"SELECT lecture, count(*), avg(score) FROM (SELECT lecture, {POINTS_SQL} AS score, row_number() OVER "
        "(PARTITION BY lecture ORDER BY id DESC) AS k FROM quiz_answers) WHERE k <= 10 GROUP BY lecture")}
    from dltutor.store.practice import recent_scores

    practice = recent_scores(conn)
    lecture_rows = []
    for lec in lectures:
        cards, studied, mature, due = per_lecture.get(lec.id, (0, 0, 0, 0))
        answered, quiz_avg = quiz_by_lecture.get(lec.id, (0, None))
        solved = practice.get(lec.id, [])
        lecture_rows.append({
            "lecture": lec.id, "number": lec.number, "title": lec.title, "cards": cards, "studied": studied,
            "mature": mature, "mastery": round(mature / cards, 4) if cards else 0.0, "due_now": due,
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
                  f"coalesce(sum({POINTS_SQL.replace('verdict', 'q.verdict')}), 0) "
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
    }
