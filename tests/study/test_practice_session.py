"""The practice session on a real store: what it plans, what it saves and when, what it makes due."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from dltutor.store import db, progress
from dltutor.study.session import rate_card
from dltutor.store import practice as store
from dltutor.study.cards import course_cards, stored_content
from dltutor.study.practice.kinds import KINDS, kinds_of
from dltutor.study.practice.session import PracticeSession, plan

NOW = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


@pytest.fixture
def conn(tmp_path):
    connection = db.connect(tmp_path / "progress.db")
    yield connection
    connection.close()


def session(conn, scope="all", n=5, seed=1):
    return PracticeSession(conn, scope=scope, n=n, seed=seed, clock=lambda: NOW)


def test_each_answer_is_committed_before_answer_returns(conn, tmp_path):
    s = session(conn, "mse", n=3)
    other = sqlite3.connect(tmp_path / "progress.db")  # another process's view of the file
    for k, problem in enumerate(s.problems, start=1):
        result = s.answer(problem, "" if k == 2 else "1000")
        assert result.saved
        assert other.execute("SELECT count(*) FROM practice_answers").fetchone()[0] == k
    rows = other.execute("SELECT position, kind, seed, params, expected, verdict, response FROM practice_answers "
                         "ORDER BY position").fetchall()
    assert [r[5] for r in rows] == ["wrong", "skipped", "wrong"]
    for row, problem in zip(rows, s.problems):
        assert (row[1], row[2], json.loads(row[3])) == ("mse", problem.seed, problem.params)
        assert json.loads(row[4]) == pytest.approx(problem.expected)


def test_an_answer_not_in_the_expected_form_saves_nothing(conn):
    s = session(conn, "softmax", n=1)
    result = s.answer(s.problems[0], "0.5")
    assert not result.saved and result.verdict is None and "numbers in order" in result.graded.form_error
    assert conn.execute("SELECT count(*) FROM practice_answers").fetchone()[0] == 0 and s.results == []


def test_a_miss_makes_one_card_per_kind_and_a_right_answer_none(conn):
    s = session(conn, "lecture-6", n=8)
    for problem in s.problems:
        s.answer(problem, "" if problem.kind in ("conv-params", "receptive-field") else
                 ", ".join(str(v) for v in problem.values))
    cards = conn.execute("SELECT key, lecture, kind, priority, reps FROM cards WHERE kind = 'practice' "
                         "ORDER BY key").fetchall()
    assert cards == [("practice/conv-params", "lecture-6", "practice", 1, 0),
                     ("practice/receptive-field", "lecture-6", "practice", 1, 0)]
    summary = s.finish()
    assert summary.count("right") == 4 and summary.count("skipped") == 4
    assert summary.missed == summary.made_due == ["conv-params", "receptive-field"]


def test_a_studied_card_missed_again_is_due_now_and_a_suspended_one_stays_suspended(conn):
    s = session(conn, "mse", n=3)
    s.answer(s.problems[0], "")
    card = progress.find_card(conn, "practice/mse")
    rate_card(conn, card.id, 4, NOW)  # Easy: due in days
    assert progress.get_card(conn, card.id).schedule.due > NOW + timedelta(days=1)
    s.answer(s.problems[1], "")
    assert progress.get_card(conn, card.id).schedule.due == NOW
    progress.set_suspended(conn, card.id, True)
    assert s.answer(s.problems[2], "").made_due is False
    assert progress.get_card(conn, card.id).suspended


def test_practice_cards_survive_a_course_change_and_show_fresh_numbers(conn, course):
    s = session(conn, "rnn-step", n=1)
    s.answer(s.problems[0], "")
    cards = course_cards(course)
    progress.sync_cards(conn, cards, NOW)
    progress.sync_cards(conn, cards[:-1], NOW)  # the course lost a card: only course cards may retire
    card = progress.find_card(conn, "practice/rnn-step")
    assert not card.retired
    first = stored_content(course, card, NOW)
    assert first.label == "Lecture 7 · practice problem" and "sₜ = tanh(U xₜ + W sₜ₋₁)" in first.front
    assert first.back.splitlines()[-1].startswith("sₜ ")  # the worked solution, ending in the answer
    assert stored_content(course, card, NOW) == first  # shown again at the same moment: the same problem
    assert stored_content(course, card, NOW + timedelta(minutes=1)).front != first.front
    rate_card(conn, card.id, 3, NOW)
    assert stored_content(course, progress.get_card(conn, card.id), NOW).front != first.front


def test_a_lecture_sitting_takes_each_kind_in_turn_never_twice_running():
    problems = plan("lecture-5", 12, seed=3)
    kinds = [p.kind for p in problems]
    assert sorted(kinds[:5]) == sorted(k.NAME for k in kinds_of("lecture-5"))
    assert Counter(kinds).most_common(1)[0][1] <= 3
    assert all(a != b for a, b in zip(kinds, kinds[1:]))
    assert [p.seed for p in plan("lecture-5", 12, seed=3)] == [p.seed for p in problems]


def test_the_mix_leans_towards_the_lectures_whose_problems_are_missed(conn):
    weak = "lecture-6"
    for lecture in {k.LECTURE for k in KINDS.values()}:
        s = session(conn, lecture, n=10, seed=7)
        for problem in s.problems:  # lecture 6 all missed, the rest all right
            s.answer(problem, "" if lecture == weak else ", ".join(str(v) for v in problem.values))
    scores = store.recent_scores(conn)
    assert scores[weak] == [0.0] * 10 and scores["lecture-1"] == [1.0] * 10
    picked = Counter(p.lecture for seed in range(20) for p in session(conn, n=10, seed=seed).problems)
    others = [picked[lec] for lec in scores if lec != weak]
    assert picked[weak] > 2 * max(others), picked  # 200 problems: the weak lecture well ahead of any other


def test_default_seed_comes_from_the_clock_so_a_pinned_clock_replays(conn):
    a = PracticeSession(conn, scope="softmax", clock=lambda: NOW)
    b = PracticeSession(conn, scope="softmax", clock=lambda: NOW)
    c = PracticeSession(conn, scope="softmax", clock=lambda: NOW + timedelta(seconds=1))
    assert len(a.problems) == 5 and a.problems == b.problems and a.problems != c.problems
