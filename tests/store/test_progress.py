"""Cards, ratings, limits, undo, leeches and quiz records in the store; stats figures from them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from dltutor.store import db, progress
from dltutor.study.session import rate_card
from dltutor.store.stats import LectureInfo, collect
from dltutor.study.cards import course_cards

T0 = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


@pytest.fixture
def conn(tmp_path, course):
    c = db.connect(tmp_path / "p.db")
    progress.sync_cards(c, course_cards(course), T0)
    yield c
    c.close()


def test_every_glossary_entry_both_ways_and_every_question_is_a_card(course):
    cards = course_cards(course)
    keys = [c.key for c in cards]
    assert len(keys) == len(set(keys))
    definitions = sum(len(lec.glossary) for lec in course.lectures)
    questions = sum(len(lec.quiz) for lec in course.lectures)
    assert len(cards) == 2 * definitions + questions == 2 * 59 + 30
    assert "lecture-3/glossary/learning-rate/term-to-definition" in keys
    assert "lecture-3/glossary/learning-rate/definition-to-term" in keys
    assert "lecture-3/quiz/2/question-to-answer" in keys


def test_sync_adds_once_retires_what_vanished_and_keeps_its_history(conn, course):
    cards = course_cards(course)
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == len(cards)
    assert progress.sync_cards(conn, cards, T0) == (0, 0)
    gone = cards[0]
    first = progress.find_card(conn, gone.key)
    rate_card(conn, first.id, 3, T0)
    assert progress.sync_cards(conn, cards[1:], T0) == (0, 1)
    assert progress.find_card(conn, gone.key).retired
    assert all(c.key != gone.key for c in progress.list_cards(conn))
    assert conn.execute("SELECT count(*) FROM review_log WHERE card_id = ?", (first.id,)).fetchone()[0] == 1
    # Its content comes back (e.g. the definition was edited, not removed): same card, same history.
    assert progress.sync_cards(conn, cards, T0) == (0, 0)
    back = progress.find_card(conn, gone.key)
    assert not back.retired and back.id == first.id and back.schedule.reps == 1


def test_editing_a_definition_keeps_the_cards_key(course):
    from dataclasses import replace

    lecture = course.lectures[2]
    entry = lecture.glossary[0]
    edited = replace(course, lectures=(*course.lectures[:2],
                                       replace(lecture, glossary=(replace(entry, definition="Rewritten."),
                                                                  *lecture.glossary[1:])),
                                       *course.lectures[3:]))
    assert [c.key for c in course_cards(edited)] == [c.key for c in course_cards(course)]


def test_new_cards_come_in_course_order_up_to_the_daily_limit(conn):
    limits = progress.Limits(new_per_day=3)
    seen = []
    for _ in range(3):
        card = progress.next_card(conn, T0, limits)
        seen.append(card.key)
        rate_card(conn, card.id, 4, T0)  # Easy: straight to review, days away
    assert seen[0] == "lecture-1/quiz/1/question-to-answer"
    assert progress.next_card(conn, T0, limits) is None
    assert progress.today_counts(conn, T0).new == 3
    # The next study day (turning over at 04:00 local) brings three more.
    assert progress.next_card(conn, T0.replace(hour=3) + timedelta(days=1), limits) is None
    assert progress.next_card(conn, T0.replace(hour=5) + timedelta(days=1), limits) is not None


def test_review_limit_holds_back_reviews_but_never_learning_steps(conn):
    limits = progress.Limits(new_per_day=10, reviews_per_day=2)
    ids = []
    for _ in range(4):
        card = progress.next_card(conn, T0, limits)
        rate_card(conn, card.id, 4, T0)
        ids.append(card.id)
    later = T0 + timedelta(days=400)  # all four are due for review
    for _ in range(2):
        card = progress.next_card(conn, later, progress.Limits(new_per_day=0, reviews_per_day=2))
        assert card.id in ids and card.schedule.state == 2
        rated = rate_card(conn, card.id, 1, later)  # forgotten: into relearning
        assert rated.after.schedule.state == 3 and rated.after.schedule.lapses == 1
    # Two reviews are still due, but the limit is reached: only the relearning steps (10 minutes on,
    # shown early as nothing else may be) still come, and never held back.
    limits = progress.Limits(new_per_day=0, reviews_per_day=2)
    for _ in range(2):
        card = progress.next_card(conn, later, limits)
        assert card.schedule.state == 3 and card.schedule.lapses == 1
        rate_card(conn, card.id, 3, later + timedelta(minutes=10))
    assert progress.next_card(conn, later + timedelta(minutes=10), limits) is None
    assert progress.count_due(conn, later + timedelta(minutes=10)) == 2
    # The next day the held-back reviews come.
    assert progress.next_card(conn, later + timedelta(days=1), limits).schedule.state == 2


def test_learning_cards_come_before_reviews_and_new_cards(conn):
    first = progress.next_card(conn, T0)
    rate_card(conn, first.id, 1, T0)  # Again: due in a minute
    second = progress.next_card(conn, T0)
    assert second.id != first.id and second.schedule.is_new
    assert progress.next_card(conn, T0 + timedelta(minutes=2)).id == first.id


def test_with_nothing_else_due_a_learning_step_is_shown_early(conn):
    limits = progress.Limits(new_per_day=1)
    card = progress.next_card(conn, T0, limits)
    rate_card(conn, card.id, 3, T0)  # next step in 10 minutes
    assert progress.next_card(conn, T0, limits).id == card.id


def test_lecture_filter(conn):
    card = progress.next_card(conn, T0, lecture="lecture-5")
    assert card.lecture == "lecture-5" and card.key.startswith("lecture-5/quiz/1/")


def test_undo_restores_the_card_exactly_and_removes_the_log_row(conn):
    card = progress.next_card(conn, T0)
    first = rate_card(conn, card.id, 3, T0)
    second = rate_card(conn, card.id, 3, T0 + timedelta(minutes=10))
    assert progress.undo(conn, first.log_id) is None  # not the card's latest rating: refused
    restored = progress.undo(conn, second.log_id)
    assert restored == first.after
    assert progress.undo(conn, first.log_id) == card
    assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 0
    assert progress.undo(conn, first.log_id) is None


def test_leech_flag_after_eight_lapses(conn):
    card = progress.next_card(conn, T0)
    now = T0
    rate_card(conn, card.id, 4, now)
    flagged = []
    for lapse in range(1, 10):
        now = progress.get_card(conn, card.id).schedule.due
        rated = rate_card(conn, card.id, 1, now, leech_lapses=8)  # forgotten in review
        assert rated.after.schedule.lapses == lapse
        flagged.append(rated.became_leech)
        now = rated.after.schedule.due
        rate_card(conn, card.id, 3, now)  # relearnt
    assert flagged == [False] * 7 + [True, False]
    assert progress.get_card(conn, card.id).leech


def test_rating_reads_the_card_inside_its_transaction(conn, tmp_path):
    """Two sessions rating the same card: both ratings count, neither overwrites the other."""
    other = db.connect(tmp_path / "p.db")
    card = progress.next_card(conn, T0)
    a = rate_card(conn, card.id, 3, T0)
    b = rate_card(other, card.id, 3, T0 + timedelta(minutes=10))  # `other` never read the card before
    assert b.before == a.after
    assert progress.get_card(conn, card.id).schedule.reps == 2
    other.close()


def test_missed_quiz_questions_become_due(conn):
    limits = progress.Limits(new_per_day=0)
    assert progress.next_card(conn, T0, limits) is None
    key = "lecture-4/quiz/2/question-to-answer"
    assert progress.make_due(conn, [key, "no/such/card"], T0) == 1
    card = progress.next_card(conn, T0, limits)
    assert card.key == key and card.priority == 1
    rated = rate_card(conn, card.id, 3, T0)
    assert rated.after.priority == 0
    # A studied card that was missed is due now instead of days away.
    later = rate_card(conn, card.id, 4, T0 + timedelta(minutes=10))
    assert later.after.schedule.due > T0 + timedelta(days=1)
    progress.make_due(conn, [key], T0 + timedelta(hours=1))
    assert progress.get_card(conn, card.id).schedule.due == T0 + timedelta(hours=1)


def test_own_cards_and_suspension(conn):
    own = progress.add_own_card(conn, "What does ReLU stand for?", "Rectified Linear Unit", "lecture-5", T0)
    assert own.key == "own/1" and own.kind == "own"
    assert progress.add_own_card(conn, "Q", "A", None, T0).key == "own/2"
    assert own.id in [c.id for c in progress.due_cards(conn, T0, progress.Limits())]
    progress.set_suspended(conn, own.id, True)
    assert own.id not in [c.id for c in progress.due_cards(conn, T0, progress.Limits())]
    assert progress.get_card(conn, own.id).suspended


def test_quiz_attempts_are_saved_answer_by_answer(conn):
    attempt = progress.start_attempt(conn, "lecture-3", ["short"], 1, 2, T0)
    progress.save_answer(conn, attempt, 1, item_key="lecture-3/quiz/1", lecture="lecture-3", type="short",
                         question="Q1", response="an answer", verdict="partial", score=0.5,
                         hit=["a"], missed=["b"], now=T0)
    row = conn.execute("SELECT response, verdict, key_points_hit, key_points_missed FROM quiz_answers").fetchone()
    assert row == ("an answer", "partial", '["a"]', '["b"]')
    assert progress.missed_last_time(conn, "lecture-3") == ["lecture-3/quiz/1"]
    assert progress.missed_last_time(conn, "lecture-4") is None
    assert progress.recent_scores(conn) == {"lecture-3": [0.5]}


def test_stats_figures(conn, course):
    lectures = [LectureInfo(lec.id, lec.number, lec.title) for lec in course.lectures]
    ids = []
    for _ in range(5):
        card = progress.next_card(conn, T0)
        rate_card(conn, card.id, 4, T0)
        ids.append(card.id)
    # Eleven days on, two of them are reviewed: one recalled, one forgotten.
    later = T0 + timedelta(days=40)
    rate_card(conn, ids[0], 3, later)
    rate_card(conn, ids[1], 1, later)
    attempt = progress.start_attempt(conn, "lecture-1", ["short"], None, 1, later)
    progress.save_answer(conn, attempt, 1, item_key="k", lecture="lecture-1", type="short", question="Q",
                         response="r", verdict="right", score=1.0, hit=[], missed=[], now=later)
    f = collect(conn, later, lectures=lectures, desired_retention=0.9, new_per_day=20, rollover_hour=4)
    json.dumps(f)
    assert f["reviews_total"] == 7
    assert f["reviews_today"] == 2 and f["reviews_by_day"][-1]["reviews"] == 2
    assert sum(d["reviews"] for d in f["reviews_by_day"]) == 2  # the first five were 40 days ago
    assert f["retention"]["measured"] == 0.5 and f["retention"]["reviews"] == 2
    assert f["due_now"] == 3  # the three not reviewed again; the forgotten one is due in 10 minutes
    assert f["upcoming"][0] == {"date": "2026-02-24", "due": 4}
    assert sum(d["due"] for d in f["upcoming"]) == progress.count_due(conn, later + timedelta(days=6, hours=19))
    assert f["new_available"] == 20 and f["due_today"] == 24
    assert f["quiz_attempts"] == 1 and f["recent_quizzes"][0]["score"] == 1.0
    lec1 = f["lectures"][0]
    stabilities = [progress.get_card(conn, i).schedule.stability for i in ids]
    assert lec1["lecture"] == "lecture-1" and lec1["studied"] == 5 and lec1["quiz_score"] == 1.0
    assert lec1["mature"] == sum(s > 21 for s in stabilities) >= 1
    assert lec1["mastery"] == round(lec1["mature"] / lec1["cards"], 4)
    assert f["lectures"][1]["studied"] == 0 and f["lectures"][1]["mastery"] == 0.0
    assert f["streak_days"] == 1
