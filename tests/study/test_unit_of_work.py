"""One unit of work behind one door: the session rates (read, schedule, write card and log in one
transaction), the store only writes rows; a quiz answer's score is the points its verdict earns."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction

from dltutor.store import db, progress
from dltutor.study.cards import course_cards
from dltutor.study.scheduler import Schedule
from dltutor.study.session import QuizSession, rate_card

T0 = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


def _store(tmp_path, course):
    conn = db.connect(tmp_path / "p.db")
    progress.sync_cards(conn, course_cards(course), T0)
    return conn


def test_the_store_writes_the_schedule_it_is_given_and_never_schedules(tmp_path, course):
    conn = _store(tmp_path, course)
    assert not hasattr(progress, "rate") and not hasattr(progress, "review")
    card = progress.next_card(conn, T0)
    made_up = Schedule(due=T0 + timedelta(days=123), state=2, step=None, stability=77.5, difficulty=4.25,
                       last_review=T0, reps=9, lapses=2)  # no scheduler would give this after one rating
    with db.atomic(conn):
        log_id, after = progress.write_rating(conn, card, made_up, 3, T0, leech=False, session="s")
    assert after.schedule == made_up
    row = conn.execute("SELECT card_id, rating, state_before, session FROM review_log WHERE id = ?",
                       (log_id,)).fetchone()
    assert row == (card.id, 3, 0, "s")
    assert progress.undo(conn, log_id).schedule == card.schedule  # what it wrote can be taken back


def test_rate_card_reads_the_card_inside_its_transaction(tmp_path, course):
    # Two sessions hold the same card; the second rates it after the first: it must schedule from the
    # card as the first left it (two reps, the second interval), not from the stale copy it was shown.
    conn = _store(tmp_path, course)
    other = db.connect(tmp_path / "p.db")
    card = progress.next_card(conn, T0)
    first = rate_card(conn, card.id, 3, T0)
    second = rate_card(other, card.id, 3, T0 + timedelta(minutes=10))
    assert second.before.schedule == first.after.schedule and second.after.schedule.reps == 2
    assert conn.execute("SELECT count(*) FROM review_log WHERE card_id = ?", (card.id,)).fetchone()[0] == 2


def test_a_quiz_answers_stored_score_is_its_points_and_stats_count_those(tmp_path, course):
    from dltutor.settings import Settings
    from dltutor.store.stats import LectureInfo, collect

    conn = _store(tmp_path, course)
    session = QuizSession(conn, course, lectures=["lecture-3"], n=None, types=("short",), seed=1, clock=lambda: T0)
    answers = ["", "The weights change by the learning rate times the error times the input.", "xyz"]
    for item, answer in zip(session.items, answers):
        session.answer(item, answer)
    session.override("partial")  # the learner overrules the grader on the last answer
    session.finish()
    expected = {"right": Fraction(1), "partial": Fraction(1, 2), "wrong": Fraction(0), "skipped": Fraction(0)}
    rows = conn.execute("SELECT verdict, score, overridden FROM quiz_answers ORDER BY position").fetchall()
    assert rows[-1][0] == "partial" and rows[-1][2] == 1
    assert [Fraction(score) for _, score, _ in rows] == [expected[v] for v, _, _ in rows]
    settings = Settings()
    figures = collect(conn, T0, lectures=[LectureInfo(l.id, l.number, l.title) for l in course.lectures],
                      desired_retention=settings.desired_retention, new_per_day=settings.new_per_day,
                      rollover_hour=settings.day_starts_at)
    lecture3 = next(r for r in figures["lectures"] if r["lecture"] == "lecture-3")
    mean = sum(expected[v] for v, _, _ in rows) / len(rows)
    assert lecture3["quiz_score"] == round(float(mean), 4)
    assert figures["recent_quizzes"][0]["score"] == float(sum(expected[v] for v, _, _ in rows))
