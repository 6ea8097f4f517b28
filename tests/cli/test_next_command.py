"""`dltutor next` on scripted histories, one for each kind of step it recommends.

Each history is made the way a learner makes it (the commands themselves) or, where a verdict
must be exact, through the store's own API; each expectation comes from what the script did
(counts are read from the database in the test), never from `next`'s output."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()
T0 = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


def run(*args, input=None, at=T0):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", "DLTUTOR_NOW": at.isoformat()})


def ok(*args, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout


def step(at=T0):
    return json.loads(ok("next", "--json", at=at))


def db(home):
    return sqlite3.connect(home / "progress.db")


def quiz(home, lecture, verdicts, at=T0, scope=None):
    """A quiz on `lecture` whose answers got exactly these verdicts (question 1, 2, ... in order)."""
    from dltutor.course.load import load_course
    from dltutor.store import progress
    from dltutor.study.store import open_store

    conn = open_store(load_course(), write=True, path=home / "progress.db", clock=lambda: at)  # as `quiz` opens it
    attempt = progress.start_attempt(conn, scope or lecture, ["short"], 1, len(verdicts), at)
    for k, verdict in enumerate(verdicts, start=1):
        progress.save_answer(conn, attempt, k, item_key=f"{lecture}/quiz/{k}", lecture=lecture, type="short",
                             question="?", response="...", verdict=verdict,
                             score={"right": 1.0, "partial": 0.5, "wrong": 0.0}[verdict], hit=[], missed=[], now=at)
    progress.finish_attempt(conn, attempt, at)
    conn.close()


def practice(home, kind, lecture, verdict, at=T0):
    from dltutor.store import db as store
    from dltutor.store.practice import save_answer

    conn = store.connect(home / "progress.db")
    n = conn.execute("SELECT count(*) FROM practice_answers").fetchone()[0]
    save_answer(conn, session="s", position=n + 1, kind=kind, lecture=lecture, seed=1, params={}, question="?",
                response="1", expected=1, verdict=verdict, slip=None, card_ord=1, now=at)
    conn.close()


def no_new_cards():
    ok("config", "set", "review.new_per_day", "0")


# --- the course in order ------------------------------------------------------------------------

def test_a_fresh_learner_is_told_to_read_lecture_one_then_to_take_its_quiz(_isolated_home):
    assert step() == {"kind": "read", "title": "Read lecture 1: Artificial Neural Networks and Deep Learning",
                      "reason": "it is where the course begins", "command": "dltutor read 1", "minutes": None}
    ok("read", "1", "--no-pager")
    s = step()
    assert s["kind"] == "quiz" and s["command"] == "dltutor quiz lecture-1" and "you read it today" in s["reason"]
    # The record names the reader: the command line.
    assert db(_isolated_home).execute("SELECT kind, subject, via FROM activity").fetchall() == [
        ("read", "lecture-1", "cli")]


def test_a_passed_quiz_leads_to_its_cards_its_practice_then_the_next_lecture(_isolated_home):
    ok("read", "1", "--no-pager")
    quiz(_isolated_home, "lecture-1", ["right"] * 5)
    s = step()
    new = db(_isolated_home).execute(
        "SELECT count(*) FROM cards WHERE lecture = 'lecture-1' AND reps = 0").fetchone()[0]
    assert new > 20
    assert s["kind"] == "learn" and s["command"] == "dltutor review --lecture lecture-1"
    assert s["title"].startswith(f"Learn {min(new, 20)} new cards from lecture 1 (about ")
    ok("review", "--lecture", "lecture-1", input="3\n" * 200)
    assert db(_isolated_home).execute(
        "SELECT count(*) FROM cards WHERE lecture = 'lecture-1' AND reps > 0").fetchone()[0] == min(new, 20)
    no_new_cards()
    s = step()
    assert s["kind"] == "practice" and s["command"] == "dltutor practice lecture-1" and "100%" in s["reason"]
    practice(_isolated_home, "neuron-output", "lecture-1", "right")
    s = step()
    assert s == {"kind": "read", "title": "Read lecture 2: Perceptron Study Guide",
                 "reason": "you scored 100% on lecture 1's quiz", "command": "dltutor read 2", "minutes": None}


def test_a_quiz_below_the_pass_mark_means_reading_again_then_the_quiz_again(_isolated_home):
    no_new_cards()
    ok("read", "2", "--no-pager", at=T0 - timedelta(hours=2))
    quiz(_isolated_home, "lecture-1", ["right"] * 5)
    quiz(_isolated_home, "lecture-2", ["right", "partial", "wrong", "wrong"], at=T0 - timedelta(hours=1))
    quiz(_isolated_home, "lecture-2", ["right", "partial", "wrong", "wrong"], scope="all")  # a later mixed quiz...
    quiz(_isolated_home, "lecture-2", ["right"] * 4, scope="all")  # ...and one answering them all right
    for kind, lecture in (("neuron-output", "lecture-1"),):
        practice(_isolated_home, kind, lecture, "right")
    s = step()  # 1.5 of 4 on lecture 2, read before that quiz: read it again
    assert s["kind"] == "read" and s["title"] == "Read lecture 2 again: Perceptron Study Guide"
    assert "you scored 38% on its quiz" in s["reason"] and "70% moves you on" in s["reason"]
    ok("read", "2", "--no-pager")
    s = step()
    assert s["kind"] == "quiz" and s["command"] == "dltutor quiz lecture-2" and "have read it since" in s["reason"]


# --- what comes before moving on ------------------------------------------------------------------

def test_due_cards_come_first_with_the_time_they_take(_isolated_home):
    ok("review", input="3\n" * 100)  # 20 new cards learnt today
    later = T0 + timedelta(days=30)
    due = db(_isolated_home).execute("SELECT count(*) FROM cards WHERE reps > 0 AND due <= ?",
                                     (later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),)).fetchone()[0]
    assert due > 0
    s = step(at=later)
    assert s["kind"] == "review" and s["command"] == "dltutor review"
    assert s["title"] == f"Review {due} due cards (about {s['minutes']} min)"
    # The estimate: the learner's median time per rating once 10 are timed, else 10 s a card.
    import math
    import statistics

    timed = [ms for (ms,) in db(_isolated_home).execute(
        "SELECT duration_ms FROM review_log WHERE duration_ms BETWEEN 1 AND 300000")]
    seconds = statistics.median(timed) / 1000 if len(timed) >= 10 else 10.0
    assert s["minutes"] == max(1, math.ceil(due * seconds / 60))


def test_missed_questions_are_retried_until_answered_right_elsewhere(_isolated_home):
    no_new_cards()
    out = ok("quiz", "lecture-3", "--type", "short", input="no idea\n" * 3)
    assert "0 right" in out
    s = step()
    assert s["kind"] == "retry" and s["command"] == "dltutor quiz lecture-3 --wrong"
    assert s["title"] == "Retry the 3 questions you missed on lecture 3" and "scored 0%" in s["reason"]
    # Answered right since, in a mixed quiz: nothing left to retry there.
    quiz(_isolated_home, "lecture-3", ["right"] * 3, scope="all")
    s = step()
    assert s["kind"] != "retry"
    # Their flashcards wait in review (a miss makes its card due): that is the step now, counted from the rows.
    missed = db(_isolated_home).execute("SELECT count(*) FROM cards WHERE reps = 0 AND priority = 1 "
                                        "AND suspended = 0 AND retired = 0").fetchone()[0]
    assert missed == 3
    assert s["kind"] == "review" and s["title"].startswith("Review the 3 cards you missed")
    ok("review", input="3\n" * 20)
    assert step()["kind"] != "review"


def test_a_question_missed_twice_points_to_its_demo_until_the_demo_is_run(_isolated_home):
    no_new_cards()
    quiz(_isolated_home, "lecture-2", ["wrong", "right", "right", "right"], at=T0 - timedelta(minutes=5))
    quiz(_isolated_home, "lecture-2", ["wrong", "right", "right", "right"])
    s = step()
    assert s["kind"] == "demo" and s["command"] == "dltutor demo neuron"
    assert "you missed “What is a Binary Threshold Unit (BTU) and how does it work?” twice in a row" in s["reason"]
    ok("demo", "neuron", "--json", at=T0 + timedelta(minutes=1))
    s = step(at=T0 + timedelta(minutes=2))
    assert s["kind"] == "retry" and s["command"] == "dltutor quiz lecture-2 --wrong"


def test_a_practice_problem_got_wrong_comes_back(_isolated_home):
    no_new_cards()
    practice(_isolated_home, "softmax", "lecture-4", "right", at=T0 - timedelta(minutes=2))
    practice(_isolated_home, "softmax", "lecture-4", "wrong")
    s = step()
    assert s["kind"] == "practice" and s["command"] == "dltutor practice softmax"
    assert "1 of your last 2 answers were not right, the latest today" in s["reason"]
    practice(_isolated_home, "softmax", "lecture-4", "right")
    assert step()["kind"] != "practice"


# --- essays and exercises -------------------------------------------------------------------------

FULL_ESSAY = (
    "A single perceptron only learns a linear decision boundary, so it needs linearly separable data. "
    "The XOR problem is out of reach for it. On other data it fails to converge: the weights keep "
    "oscillating. Its information capacity is limited to about 2N patterns for N inputs. Multilayer "
    "perceptrons with hidden layers overcome this, trained by backpropagation with gradient descent on "
    "differentiable activations, a sigmoid instead of the step."
)


def test_an_essay_in_draft_is_to_be_finished_and_a_complete_one_marked_done(_isolated_home):
    ok("essay", "lecture-3", "2", input="The XOR problem is out of reach for one perceptron.")
    s = step()
    assert s["kind"] == "essay" and s["command"] == "dltutor essay lecture-3 2"
    assert s["title"] == "Finish your essay on lecture 3" and "addresses 1 of 6 key points" in s["reason"]
    out = ok("essay", "lecture-3", "2", input=FULL_ESSAY)
    assert "6 of 6 key points addressed" in out
    s = step()
    assert s["title"] == "Mark your essay on lecture 3 done" and s["command"] == "dltutor essay done lecture-3 2"
    ok("essay", "done", "lecture-3", "2")
    assert step()["kind"] == "read"


def test_a_lecture_passed_yesterday_asks_for_an_essay_then_the_exercises(_isolated_home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    no_new_cards()
    yesterday = T0 - timedelta(days=1)
    for lecture, n, kind in (("lecture-1", 5, "neuron-output"), ("lecture-2", 4, "btu-gate")):
        ok("read", lecture, "--no-pager", at=yesterday)
        quiz(_isolated_home, lecture, ["right"] * n, at=yesterday)
        practice(_isolated_home, kind, lecture, "right", at=yesterday)
    s = step()
    assert s["kind"] == "essay" and s["command"] == "dltutor essay lecture-1"
    assert s["title"] == "Write an essay on lecture 1" and "you scored 100% on its quiz yesterday" in s["reason"]
    for lecture, prompt in (("lecture-1", 1), ("lecture-2", 1)):
        ok("essay", lecture, str(prompt), "--done", input="My essay.")
    s = step()
    assert s["kind"] == "exercise" and s["command"] == "dltutor exercise init"
    assert "you passed lecture 2's quiz; exercise 1, The binary threshold unit" in s["reason"]
    ws = tmp_path / "ws"
    ok("exercise", "init", str(ws))
    s = step()
    assert s == {"kind": "exercise", "title": "Do exercise 1: The binary threshold unit",
                 "reason": "it puts lecture 2 into code, checked against torch; 0 of 14 exercises pass so far",
                 "command": f"dltutor exercise watch btu --dir {ws}", "minutes": None}
    monkeypatch.chdir(ws)  # inside the workspace the command needs no --dir
    assert step()["command"] == "dltutor exercise watch btu"


def test_the_text_form_gives_the_step_its_reason_and_the_command(_isolated_home):
    out = ok("next")
    assert out.splitlines() == ["Read lecture 1: Artificial Neural Networks and Deep Learning",
                                "  It is where the course begins.", "  $ dltutor read 1"]


# --- the rules on their own -----------------------------------------------------------------------

def _situation(course, **history):
    from dltutor.store.history import History
    from dltutor.study.next_step import Situation

    base = dict(now=T0, due_now=0, next_due=None, new_by_lecture={}, seconds_per_review=None, read={}, demos={},
                attempts={})
    return Situation(course=course, history=History(**{**base, **history}), day_start=T0 - timedelta(hours=5))


def _passed_everything(course):
    from dltutor.store.history import Attempt

    return {lec.id: Attempt(i, lec.id, T0 - timedelta(days=3), len(lec.quiz), float(len(lec.quiz)), ())
            for i, lec in enumerate(course.lectures, 1)}


def test_with_everything_passed_and_written_a_mixed_quiz_is_next_and_says_when_a_card_is_due(course):
    from dltutor.store.essays import EssayState
    from dltutor.study.next_step import Exercises, recommend

    essays = {(lec.id, p.number): EssayState(lec.id, p.number, 1, 100, 3, 6, 0, T0, True, True)
              for lec in course.lectures for p in lec.essay_prompts}
    s = _situation(course, attempts=_passed_everything(course), essays=essays, next_due=T0 + timedelta(days=2))
    s = type(s)(**{**{f: getattr(s, f) for f in s.__dataclass_fields__}, "exercises": Exercises("", None, 14, 14)})
    got = recommend(s)
    assert got.kind == "quiz" and got.command == "dltutor quiz"
    assert "nothing is due until your next card, in 2d" in got.reason


def test_with_every_quiz_passed_the_essays_left_come_in_course_order(course):
    from dltutor.store.essays import EssayState
    from dltutor.study.next_step import Exercises, recommend

    first = course.lectures[0]
    essays = {(first.id, 1): EssayState(first.id, 1, 1, 100, 3, 6, 0, T0, True, True)}
    s = _situation(course, attempts=_passed_everything(course), essays=essays)
    s = type(s)(**{**{f: getattr(s, f) for f in s.__dataclass_fields__}, "exercises": Exercises("", None, 14, 14)})
    # Lecture 1 has an essay: the passed-lecture rule skips it; lecture 2 has none yet.
    assert recommend(s).command == "dltutor essay lecture-2"


@pytest.mark.parametrize("key", sorted(__import__("dltutor.study.next_step", fromlist=["x"]).QUESTION_DEMOS))
def test_every_question_with_a_demo_exists_and_its_demo_too(course, key):
    from dltutor.demos.registry import DEMOS
    from dltutor.study.next_step import QUESTION_DEMOS

    lecture, _, number = key.split("/")
    assert 1 <= int(number) <= len(course.lecture(lecture).quiz)
    assert QUESTION_DEMOS[key] in {d.name for d in DEMOS}


def test_the_readmes_next_example_is_what_next_prints_for_a_new_learner(_isolated_home):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ dltutor next\n", 1)[1].split("```", 1)[0]
    assert ok("next") == block
