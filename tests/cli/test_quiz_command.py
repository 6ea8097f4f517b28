"""`dltutor quiz` driven as a script: grading per question type, saved attempts, --wrong, due cards."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()

SHORT = {  # lecture 3's questions: a right, a partly right and a wrong answer for each
    "What is the primary goal of the perceptron learning algorithm?": (
        "to find a weight vector that correctly classifies all the training examples",
        "find the right weights",
        "to make the network deeper"),
    "How are the weights updated when a classification error occurs?": (
        "by the learning rate times the error (t - y) times the input, which moves the boundary",
        "using the learning rate and the error",
        "they are not updated"),
    "What happens if the data is not linearly separable?": (
        "it never converges; the weights keep oscillating",
        "the algorithm does not converge",
        "it learns faster"),
}


def run(*args, input=""):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100"})


def quiz_json(*args, input=""):
    result = run("quiz", *args, "--json", input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def probe(*args):
    """The quiz a seed gives, learnt by answering nothing (each empty line skips a question)."""
    return quiz_json(*args, input="\n" * 40)["results"]


def test_json_result_has_every_field_and_the_attempt_is_saved():
    data = quiz_json("lecture-3", "--seed", "4", input="\n" * 40)
    # Lecture 3 has 3 questions and 5 terms: 8 questions, none asking a term twice.
    assert data["questions"] == data["answered"] == len(data["results"]) == 8
    assert data["requested"] is None and data["skipped"] == 8 and data["correct"] == 0 and data["score"] == 0
    assert {"short", "choice", "cloze"} == {r["type"] for r in data["results"]}
    assert sum(r["type"] == "short" for r in data["results"]) == 3  # every question of the lecture
    for r in data["results"]:
        for key in ("question", "answer", "verdict", "key_points_hit", "key_points_missed"):
            assert key in r
        assert r["verdict"] == "skipped" and r["answer"] == "" and r["score"] == 0.0
        assert r["feedback"].startswith("Skipped; ")
    short = [r for r in data["results"] if r["type"] == "short"]
    assert all(r["key_points_missed"] and not r["key_points_hit"] for r in short)
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["quiz_attempts"] == 1 and stats["recent_quizzes"][0]["answered"] == 8


def test_seed_fixes_the_quiz_and_no_seed_varies_it():
    assert [r["question"] for r in probe("lecture-3", "--seed", "9")] == \
        [r["question"] for r in probe("lecture-3", "--seed", "9")]
    orders = {tuple(r["question"] for r in probe("lecture-5")) for _ in range(4)}
    assert len(orders) > 1


def test_grading_table_for_short_answers():
    for which, verdict in ((0, "right"), (1, "partial"), (2, "wrong")):
        items = probe("lecture-3", "--type", "short", "--seed", "1")
        lines = "".join(SHORT[r["question"]][which] + "\n" for r in items)
        data = quiz_json("lecture-3", "--type", "short", "--seed", "1", input=lines)
        assert [r["verdict"] for r in data["results"]] == [verdict] * 3, data["results"]
        assert data["correct"] == (3 if verdict == "right" else 0)
        for r in data["results"]:
            assert r["model_answer"] and (r["key_points_hit"] or verdict == "wrong")
            if verdict == "partial":
                assert r["key_points_missed"]


def _choice_answers(items, how):
    letters = "ABCD"
    out = []
    for r in items:
        right = r["options"].index(r["model_answer"])
        wrong = (right + 1) % len(r["options"])
        out.append({"letter": letters[right], "lower": letters[right].lower() + ")", "number": str(right + 1),
                    "text": r["model_answer"].upper(), "other": letters[wrong], "nonsense": "maybe"}[how])
    return "".join(line + "\n" for line in out)


@pytest.mark.parametrize("how, verdict", [("letter", "right"), ("lower", "right"), ("number", "right"),
                                          ("text", "right"), ("other", "wrong"), ("nonsense", "wrong")])
def test_grading_table_for_multiple_choice(how, verdict):
    items = probe("lecture-2", "--type", "choice", "--n", "4", "--seed", "3")
    assert all(len(r["options"]) == 4 and r["options"].count(r["model_answer"]) == 1 for r in items)
    data = quiz_json("lecture-2", "--type", "choice", "--n", "4", "--seed", "3", input=_choice_answers(items, how))
    assert [r["verdict"] for r in data["results"]] == [verdict] * 4
    if how == "nonsense":
        assert "not one of the options" in data["results"][0]["feedback"]


def _typo(term):
    word = max(term.split(), key=len)
    i = len(word) // 2
    return term.replace(word, word[:i] + word[i + 1] + word[i] + word[i + 2:], 1) if len(word) >= 7 else term


@pytest.mark.parametrize("how, verdict", [("exact", "right"), ("case", "right"), ("typo", "right"),
                                          ("wrong", "wrong"), ("empty", "skipped")])
def test_grading_table_for_cloze(how, verdict):
    items = probe("lecture-4", "--type", "cloze", "--n", "4", "--seed", "2")
    answers = {"exact": lambda t: t, "case": str.upper, "typo": _typo, "wrong": lambda t: "banana bread",
               "empty": lambda t: ""}[how]
    lines = "".join(answers(r["model_answer"]) + "\n" for r in items)
    data = quiz_json("lecture-4", "--type", "cloze", "--n", "4", "--seed", "2", input=lines)
    assert [r["verdict"] for r in data["results"]] == [verdict] * 4, (lines, data["results"])


def test_missed_questions_become_due_cards_and_come_first_in_review():
    run("config", "set", "review.new_per_day", "0")
    data = quiz_json("lecture-6", "--type", "short", "--seed", "1", input="no idea\n" * 3)
    assert data["made_due"] == 3
    due = {c["key"] for c in json.loads(run("cards", "list", "--due", "--json").stdout)}
    assert due == {f"lecture-6/quiz/{n}/question-to-answer" for n in (1, 2, 3)}
    review = run("review", input="3\n3\n3\n").stdout
    assert "· 3 due · 0 new today" in review  # new_per_day is 0: only the missed questions come, as due cards
    assert review.count("  ✓ Good") == 3
    assert [line for line in review.splitlines() if line.startswith("Lecture ")] == ["Lecture 6 · quiz question"] * 4


def test_wrong_retries_exactly_what_was_missed():
    items = probe("lecture-3", "--type", "short", "--seed", "1")
    lines = "".join((SHORT[r["question"]][0] if i == 0 else "pass") + "\n" for i, r in enumerate(items))
    quiz_json("lecture-3", "--type", "short", "--seed", "1", input=lines)
    retry = quiz_json("lecture-3", "--wrong", "--seed", "2", input="\n" * 5)
    assert sorted(r["question"] for r in retry["results"]) == sorted(r["question"] for r in items[1:])
    # All right this time: nothing left to retry.
    lines = "".join(SHORT[r["question"]][0] + "\n" for r in retry["results"])
    assert quiz_json("lecture-3", "--wrong", "--seed", "2", input=lines)["correct"] == 2
    result = run("quiz", "lecture-3", "--wrong")
    assert result.exit_code == 0 and "Nothing to retry" in result.stdout


def test_wrong_remembers_the_last_complete_quiz_after_a_later_one_is_interrupted():
    """Issue 16: a quiz stopped early took the place of the last complete one for --wrong."""
    items = probe("lecture-3", "--type", "short", "--seed", "1")  # complete: all 3 skipped
    lines = "".join(SHORT[r["question"]][0] + "\n" for r in items)
    done = quiz_json("lecture-3", "--type", "short", "--seed", "1", input=lines.split("\n")[0] + "\npass\nmaybe\n")
    assert done["interrupted"] is False and done["correct"] == 1
    missed = {r["key"] for r in done["results"] if r["verdict"] != "right"}
    assert len(missed) == 2
    stopped = quiz_json("lecture-3", "--seed", "5", input=lines.split("\n")[0] + "\n")  # one answer, then end of input
    assert stopped["interrupted"] is True and stopped["answered"] == 1
    retry = quiz_json("lecture-3", "--wrong", input="")
    assert {r["key"] for r in retry["results"]} == set() and retry["questions"] == 2  # planned: the complete quiz's misses
    out = run("quiz", "lecture-3", "--wrong", input="\n\n").stdout
    assert "2 questions (retrying what you missed)" in out
    # With no complete quiz at all, the latest one with answers is retried.
    assert run("quiz", "lecture-5", "--seed", "1", input="maybe\n").exit_code == 0
    assert "1 question (retrying what you missed)" in run("quiz", "lecture-5", "--wrong", input="\n").stdout


def test_n_beyond_what_the_lecture_offers_without_repeats_says_so():
    data = quiz_json("lecture-3", "--n", "12", "--seed", "3", input="\n" * 20)
    assert data["requested"] == 12 and data["questions"] == 8
    terms = [r["key"].split("/")[2] for r in data["results"] if r["type"] != "short"]
    assert len(terms) == len(set(terms)) == 5
    out = run("quiz", "lecture-3", "--n", "12", "--seed", "3", input="\n" * 20).stdout
    assert "You asked for 12; lecture 3 offers 8 without asking a term twice." in out
    assert "You asked for" not in run("quiz", "lecture-3", "--n", "4", input="\n" * 5).stdout
    assert quiz_json("lecture-3", "--n", "4", input="\n" * 5)["requested"] == 4


def test_a_skipped_question_is_not_wrong_but_earns_nothing_and_comes_back():
    run("config", "set", "review.new_per_day", "0")
    out = run("quiz", "lecture-6", "--type", "short", "--seed", "1", input="\n\nno idea\n").stdout
    assert "0 right, 0 partly, 1 wrong, 2 skipped" in out and "Score: 0 / 3 (0%)" in out
    assert out.count("  – Skipped") == 2 and "3 flashcards are now due" in out
    assert "· 3 due · 0 new today" in run("review", input="").stdout
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["due_now"] == 3


def test_wrong_without_an_earlier_quiz_is_an_error():
    result = run("quiz", "lecture-3", "--wrong")
    assert result.exit_code == 2 and "no earlier quiz for lecture-3" in result.stderr


def test_mixed_quiz_leans_towards_weak_lectures(course, tmp_path):
    from dltutor.store import db, progress
    from dltutor.study.session import QuizSession

    conn = db.connect(tmp_path / "p.db")
    now = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)
    attempt = progress.start_attempt(conn, "all", ["short"], None, 20, now)
    for i, lec in enumerate(course.lectures):
        for k in range(10):  # lecture 7 always wrong, the rest always right
            progress.save_answer(conn, attempt, i * 10 + k + 1, item_key=f"{lec.id}/x{k}", lecture=lec.id,
                                 type="short", question="q", response="r",
                                 verdict="wrong" if lec.id == "lecture-7" else "right",
                                 score=0.0 if lec.id == "lecture-7" else 1.0, hit=[], missed=[],
                                 now=now)
    drawn = [item.lecture for seed in range(30)
             for item in QuizSession(conn, course, lectures=None, n=10, types=("short", "choice", "cloze"),
                                     seed=seed, clock=lambda: now).items]
    assert drawn.count("lecture-7") > 3 * len(drawn) / 9  # three times its even share


def test_summary_lists_what_to_review():
    items = probe("lecture-3", "--type", "short", "--seed", "1")
    lines = "".join(SHORT[r["question"]][w] + "\n" for r, w in zip(items, (0, 1, 2)))
    out = run("quiz", "lecture-3", "--type", "short", "--seed", "1", input=lines).stdout
    assert "Score: 1.5 / 3 (50%) · 1 right, 1 partly, 1 wrong" in out
    assert "To review:" in out and out.count("(dltutor read lecture-3)") == 2
    assert "2 flashcards are now due" in out and "dltutor quiz lecture-3 --wrong" in out


def test_end_of_input_stops_cleanly_and_keeps_what_was_answered():
    data = quiz_json("lecture-3", "--seed", "1", input="something\nelse\n")
    assert data["answered"] == 2 and data["questions"] == 8 and data["interrupted"] is True
    assert json.loads(run("stats", "--json").stdout)["recent_quizzes"][0]["answered"] == 2


@pytest.mark.parametrize("args, message", [
    (["--type", "essay"], "unknown question type 'essay'"),
    (["--n", "0"], "Invalid value for '--n'"),
    (["lecture-42"], "no lecture named 'lecture-42'"),
    (["--seed", "x"], "Invalid value for '--seed'"),
])
def test_bad_options(args, message):
    result = run("quiz", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=500), st.binary(max_size=300)), max_size=5))
def test_any_input_at_the_answer_prompt_never_crashes(lines):
    data = b"".join((line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line)
                    .replace(b"\n", b" ").replace(b"\r", b" ") + b"\n" for line in lines)
    result = run("quiz", "lecture-2", "--seed", "1", "--json", input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answered"] == len(lines)


def test_json_reports_contradictions_misconceptions_confidence_and_notes():
    items = probe("lecture-8", "--type", "short", "--seed", "1")
    said = {"How does dropout help with regularisation?":
            "Dropout randomly disables neurons at test time only, not during training",
            "What is momentum and how does it aid in overcoming local minima?":
            "Momentum discards past gradients, so it has no velocity or inertia; it cannot escape local minima",
            "What is the vanishing gradient problem and why is it critical in deep networks?":
            "Gradients shrink through many layers, so early layers learn slowly, which limits the trainable depth."}
    data = quiz_json("lecture-8", "--type", "short", "--seed", "1",
                     input="".join(said[r["question"]] + "\n" for r in items))
    by_question = {r["question"]: r for r in data["results"]}
    dropout = by_question["How does dropout help with regularisation?"]
    assert dropout["verdict"] == "wrong" and [m["id"] for m in dropout["misconceptions"]] == ["at-test-time"]
    assert dropout["misconceptions"][0]["correction"].startswith("Dropout is applied during training only")
    assert dropout["misconceptions"][0]["said"] in dropout["answer"]
    momentum = by_question["What is momentum and how does it aid in overcoming local minima?"]
    assert momentum["verdict"] == "wrong" and len(momentum["key_points_contradicted"]) == 3
    assert not set(momentum["key_points_contradicted"]) & set(momentum["key_points_hit"] + momentum["key_points_missed"])
    assert momentum["notes"] and momentum["notes"][0]["quote"] in momentum["model_answer"]
    vanishing = by_question["What is the vanishing gradient problem and why is it critical in deep networks?"]
    assert vanishing["verdict"] == "right" and vanishing["key_points_contradicted"] == []
    for r in data["results"]:
        assert 0.0 <= r["confidence"] <= 1.0 and r["self_judged"] is False
