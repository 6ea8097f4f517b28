"""`review`, `cards`, `stats` and `config` as a learner's script drives them, over simulated days."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()
T0 = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


def run(*args: str, input: str | bytes | None = None, at: datetime | None = None):
    env = {"COLUMNS": "100"}
    if at is not None:
        env["DLTUTOR_NOW"] = at.isoformat()
    return runner.invoke(app, list(args), input=input, env=env)


def ok(*args, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout


def cards(*args, at=None):
    return {c["key"]: c for c in json.loads(ok("cards", "list", "--json", *args, at=at))}


def acks(out: str) -> list[str]:
    return re.findall(r"^  [✓↺] (\w+)", out, re.M)


def test_first_session_introduces_new_cards_up_to_the_limit_then_says_when_the_next_is_due():
    out = ok("review", input="3\n" * 60)
    # 20 new cards, each rated Good twice (the learning step, then graduating).
    assert acks(out) == ["Good"] * 40
    assert "Reviewed 20 cards, 40 ratings" in out and "20 new" in out
    assert "Nothing more is due now. Next card due in 2d (Sat 17 Jan 2026)." in out
    assert "128 new cards wait" in out


def test_config_limits_apply():
    ok("config", "set", "review.new_per_day", "3")
    out = ok("review", input="4\n" * 10)
    assert acks(out) == ["Easy"] * 3


def _one_card_history(ratings):
    """Rate one lecture-3 card at each of its due times; returns the intervals after each rating."""
    ok("config", "set", "review.new_per_day", "1")
    key = "lecture-3/quiz/1/question-to-answer"
    now, intervals = T0, []
    for rating in ratings:
        out = ok("review", "--lecture", "3", input=f"{rating}\n", at=now)
        assert len(acks(out)) == 1
        due = datetime.fromisoformat(cards("--lecture", "3", at=now)[key]["due"])
        intervals.append(due - now)
        now = due
    return intervals


def test_intervals_grow_with_good_and_shrink_with_again_over_simulated_days():
    intervals = _one_card_history([3, 3, 3, 3, 3, 1, 3, 3])
    assert intervals[0] == timedelta(minutes=10)
    graduated = intervals[1:5]
    assert all(b > a for a, b in zip(graduated, graduated[1:])) and graduated[-1] > timedelta(days=30)
    assert intervals[5] == timedelta(minutes=10)  # Again: relearning step
    assert intervals[6] < graduated[-1]  # the interval after a lapse is shorter than before it
    assert intervals[7] > intervals[6]


def test_same_script_same_schedule(tmp_path, monkeypatch):
    first = _one_card_history([3, 3, 3, 3])
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path / "another"))
    assert _one_card_history([3, 3, 3, 3]) == first  # the clock and the fuzz are reproducible


def test_undo_takes_the_last_rating_back_and_shows_the_card_again():
    out = ok("review", input="3\nu\n1\nq\n")
    assert acks(out) == ["Good", "Again"]
    assert "↶ Undone" in out
    fronts = re.findall(r"^Lecture 1 · quiz question\n  (.+)$", out, re.M)
    # A script undoes at the next card's prompt; the undone card then comes back first.
    assert fronts[0] == fronts[2] != fronts[1]
    card = cards()["lecture-1/quiz/1/question-to-answer"]
    assert card["reps"] == 1 and card["due"] == (T0 + timedelta(minutes=1)).isoformat()
    assert "Reviewed 1 card in" in out and "1 Again" in out and "Good" not in out.split("Reviewed")[1]


def test_undo_with_nothing_to_undo_and_quit():
    out = ok("review", input="u\nq\n")
    assert "Nothing to undo in this session." in out and acks(out) == []


def test_rating_words_and_initials_and_a_bad_line():
    out = ok("review", input="again\nHARD\ng\nbanana\neasy\n")
    assert acks(out) == ["Again", "Hard", "Good", "Easy"]
    assert "Not a rating (1-4, again/hard/good/easy, u, q); card skipped." in out


def test_end_of_input_ends_with_the_summary():
    out = ok("review", input="3\n")
    assert acks(out) == ["Good"] and "Reviewed 1 card" in out and "More cards are due" in out


def test_leech_is_flagged_after_eight_lapses():
    ok("cards", "add", "--front", "The vanishing gradient is...", "--back", "gradients shrinking layer by layer")
    ok("config", "set", "review.new_per_day", "0")
    ok("config", "set", "review.leech_lapses", "8")
    key = "own/1"
    # Missed in a quiz would make it due; here: rate it in, Easy to review.
    ok("config", "set", "review.new_per_day", "1")
    ok("review", input="4\n", at=T0)
    ok("config", "set", "review.new_per_day", "0")
    now, leech_at = T0, None
    for lapse in range(1, 10):
        now = datetime.fromisoformat(cards(at=now)[key]["due"])
        out = ok("review", input="1\n3\n", at=now)  # forgotten, then relearnt at the step shown early
        if "This card is a leech" in out:
            assert leech_at is None
            leech_at = lapse
        now += timedelta(minutes=10)
    assert leech_at == 8
    card = cards(at=now)[key]
    assert card["leech"] and card["lapses"] == 9
    assert "review, leech" in ok("cards", "list", at=now)


def test_nothing_due_says_when_next():
    ok("config", "set", "review.new_per_day", "1")
    ok("review", input="4\n")
    out = ok("review", input="")
    assert "Review · all lectures · 0 due · 0 new today" in out
    assert re.search(r"Next card due in \d+d \(", out)


def test_lecture_filter_and_unknown_lecture():
    out = ok("review", "--lecture", "lecture-7", input="3\n")
    assert "Lecture 7 · quiz question" in out and "Lecture 1" not in out
    result = run("review", "--lecture", "lecture-77")
    assert result.exit_code == 2 and "no lecture named 'lecture-77'" in result.stderr


# --- cards ------------------------------------------------------------------------------------

def test_cards_list_filters_and_shows_state():
    everything = cards()
    assert len(everything) == 148
    assert set(cards("--lecture", "3")) == {k for k in everything if k.startswith("lecture-3/")}
    ok("review", input="3\n")
    due = cards("--due")
    assert "lecture-1/quiz/1/question-to-answer" not in due  # due in 10 minutes, not now
    assert cards()["lecture-1/quiz/1/question-to-answer"]["state"] == "learning"
    table = ok("cards", "list", "--lecture", "3")
    card_id = cards()["lecture-3/glossary/learning-rate/term-to-definition"]["id"]
    assert re.search(rf"^│ +{card_id} │ Learning Rate \(λ\) +│ new ", table, re.M) and "13 cards" in table


def test_cards_add_and_suspend():
    out = ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Frank Rosenblatt, 1958",
             "--lecture", "2")
    card = cards()["own/1"]
    assert f"Added card {card['id']} (own/1)" in out
    assert card["lecture"] == "lecture-2" and card["state"] == "new"
    out = ok("cards", "suspend", str(card["id"]))
    assert f"until `dltutor cards unsuspend {card['id']}`" in out
    assert "own/1" not in cards("--due") and cards()["own/1"]["state"] == "suspended"
    ok("cards", "unsuspend", "own/1")  # its key works as well as its id
    assert "own/1" in cards("--due")


def test_cards_add_refuses_a_front_that_is_already_a_card():
    ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Frank Rosenblatt")
    first = cards()["own/1"]
    for front in ("Who proposed the perceptron?", "  Who proposed   the perceptron? "):
        result = run("cards", "add", "--front", front, "--back", "someone else")
        assert result.exit_code == 2
        assert result.stderr == (f"dltutor: error: card {first['id']} (own/1) already has this front; "
                                 f"see it with `dltutor cards show {first['id']}`\n")
    hebb = cards()["lecture-1/quiz/3/question-to-answer"]  # a course card's front, as the course words it
    result = run("cards", "add", "--front", hebb["front"], "--back", "mine")
    assert result.exit_code == 2 and f"card {hebb['id']} (lecture-1/quiz/3/question-to-answer)" in result.stderr
    assert "own/2" not in cards()
    ok("cards", "add", "--front", "Who proposed the perceptron? And when?", "--back", "Rosenblatt, 1958")
    assert "own/2" in cards()


def test_cards_edit_changes_the_text_of_an_own_card_and_keeps_its_schedule():
    ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Rosenblat")
    ok("cards", "add", "--front", "What does BTU stand for?", "--back", "Binary Threshold Unit")
    card = cards()["own/1"]
    ok("review", input="3\n")  # own cards come first: own/1 is rated Good once
    before = cards()["own/1"]
    assert before["reps"] == 1
    out = ok("cards", "edit", str(card["id"]), "--back", "Frank Rosenblatt, 1958")
    assert f"Changed card {card['id']} (own/1)" in out
    after = cards()["own/1"]
    assert after["back"] == "Frank Rosenblatt, 1958" and after["front"] == "Who proposed the perceptron?"
    assert {k: after[k] for k in ("due", "stability", "difficulty", "reps", "state")} == \
        {k: before[k] for k in ("due", "stability", "difficulty", "reps", "state")}
    # Not onto another card's front; not a course card; nothing to say is an error in a script.
    other = cards()["own/2"]
    for args, message in [
        (["--front", "What does BTU stand for?"], f"card {other['id']} (own/2) already has this front"),
        ([], "give the new text as --front TEXT, --back TEXT or both"),
        (["--front", " "], "the card's front is empty"),
    ]:
        result = run("cards", "edit", "own/1", *args, input="")
        assert result.exit_code == 2 and message in result.stderr, result.output
    course_card = cards()["lecture-3/quiz/1/question-to-answer"]
    result = run("cards", "edit", str(course_card["id"]), "--back", "mine")
    assert result.exit_code == 2
    assert f"card {course_card['id']} (lecture-3/quiz/1/question-to-answer) is not one of your own cards" in result.stderr
    assert cards()["own/1"]["back"] == "Frank Rosenblatt, 1958"


def test_cards_delete_retires_an_own_card_and_keeps_its_reviews(_isolated_home):
    import sqlite3

    ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Frank Rosenblatt")
    card = cards()["own/1"]
    ok("review", input="1\n")  # own/1 comes first; rated Again
    result = run("cards", "delete", str(card["id"]), input="")
    assert result.exit_code == 2 and "add --yes to delete card" in result.stderr  # a script must say so
    assert "own/1" in cards()
    out = ok("cards", "delete", str(card["id"]), "--yes")
    assert out == f"Deleted card {card['id']} (own/1); its 1 review stays in your stats.\n"
    assert "own/1" not in cards() and "own/1" not in cards("--due")
    for command in (["show"], ["edit", "--back", "x"], ["suspend"], ["delete", "--yes"]):
        result = run("cards", command[0], str(card["id"]), *command[1:])
        assert result.exit_code == 2 and f"card {card['id']} (own/1) was deleted" in result.stderr
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT count(*) FROM review_log WHERE card_id = ?", (card["id"],)).fetchone() == (1,)
    assert json.loads(ok("stats", "--json"))["reviews_total"] == 1
    # Its front is free again: a new card may take it.
    ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Rosenblatt, 1958")
    assert cards()["own/2"]["back"] == "Rosenblatt, 1958"


def test_cards_show_prints_the_whole_card():
    ok("cards", "add", "--front", "Who proposed the perceptron?", "--back", "Frank Rosenblatt", "--lecture", "3")
    card = cards()["own/1"]
    out = ok("cards", "show", str(card["id"]))
    assert out.splitlines()[:3] == [f"Card {card['id']} · own/1 · Lecture 3 · your card",
                                    "Front: Who proposed the perceptron?", "Back: Frank Rosenblatt"]
    data = json.loads(ok("cards", "show", "own/1", "--json"))
    assert {k: data[k] for k in card} == card  # the fields `cards list --json` gives, the same
    assert data["reviews"] == [] and data["retrievability"] is None and data["suspended"] is False


@pytest.mark.parametrize("args, message", [
    (["cards", "add", "--front", "only a front"], "give the card as --front TEXT --back TEXT"),
    (["cards", "add", "--front", "  ", "--back", "b"], "the card's front is empty"),
    (["cards", "add", "--front", "x" * 3000, "--back", "b"], "keep it under 2000"),
    (["cards", "suspend", "lecture-3/quiz/9/question-to-answer"], "no card named"),
    (["cards", "suspend", "lecture-3/glossary/learning-rat/term-to-definition"], "did you mean"),
])
def test_cards_bad_input(args, message):
    result = run(*args, input="")
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_own_card_text_is_kept_clean():
    ok("cards", "add", "--front", "bad\x1b[31m red\x07", "--back", "ok")
    assert cards()["own/1"]["front"] == "bad red"


# --- stats ------------------------------------------------------------------------------------

def test_stats_json_and_text():
    ok("review", input="3\n" * 6)
    data = json.loads(ok("stats", "--json"))
    for key in ("due_now", "reviews_total", "quiz_attempts", "lectures", "upcoming", "reviews_by_day", "retention"):
        assert key in data
    assert data["reviews_total"] == 6 and data["quiz_attempts"] == 0
    # New cards come before learning steps that are not due yet: six cards, each rated once.
    assert len(data["lectures"]) == 9 and data["lectures"][0]["studied"] == 6
    text = ok("stats")
    for heading in ("Due", "Reviews, last 30 days", "Retention", "Mastery by lecture", "Recent quizzes"):
        assert heading in text
    assert "6 in 30 days · 6 today · 6 in all" in text


# --- config -----------------------------------------------------------------------------------

def test_config_get_set_list_and_default(tmp_path):
    assert ok("config", "get", "review.desired_retention").strip() == "0.9"
    assert ok("config", "set", "review.desired_retention", "0.85").strip() == "review.desired_retention = 0.85"
    assert ok("config", "get", "review.desired_retention").strip() == "0.85"
    assert "review.desired_retention = 0.85   (changed)" in ok("config", "list")
    ok("config", "set", "review.desired_retention", "default")
    assert ok("config", "get", "review.desired_retention").strip() == "0.9"


def test_config_set_keeps_the_learners_comments(_isolated_home):
    path = _isolated_home / "config.toml"
    path.write_text("# my settings\n[review]\nnew_per_day = 5  # gentle start\n")
    ok("config", "set", "review.reviews_per_day", "50")
    text = path.read_text()
    assert "# my settings" in text and "# gentle start" in text and "reviews_per_day = 50" in text


@pytest.mark.parametrize("args, message", [
    (["config", "set", "review.desired_retention", "2"], "must be a number from 0.7 to 0.99"),
    (["config", "set", "review.new_per_day", "many"], "is not a valid value"),
    (["config", "set", "review.new_per_day", "--", "-1"], "must be a whole number"),
    (["config", "set", "review.new_per_day", "-5"], "review.new_per_day must be a whole number from 0 to 10000"),
    (["config", "set", "review.desired_retention", "-0.5"], "must be a number from 0.7 to 0.99"),
    (["config", "get", "review.new_per_dya"], "did you mean 'review.new_per_day'"),
    (["config", "set", "fsrs.parameters", "1,2,3"], "not accepted by FSRS"),
])
def test_config_bad_input(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr, result.output


@pytest.mark.parametrize("content, message", [
    ("[review\n", "not valid TOML"),
    ("[review]\nnew_per_day = 'lots'\n", "must be a whole number"),
    ("[review]\ncolour = 1\n", "unknown setting 'review.colour'"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_broken_config_file_is_one_line_and_left_alone(_isolated_home, content, message):
    path = _isolated_home / "config.toml"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    before = path.read_bytes()
    for args in (["review"], ["config", "set", "review.new_per_day", "3"], ["stats"]):
        result = run(*args, input="")
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    assert path.read_bytes() == before


# --- any input at the rating prompt -----------------------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.replace(b"\n", b""))),
                max_size=6))
def test_any_input_at_the_rating_prompt_never_crashes(lines):
    data = b"".join((line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line)
                    .replace(b"\n", b" ").replace(b"\r", b" ") + b"\n" for line in lines)
    result = run("review", input=data)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_huge_line_is_one_step():
    out = ok("review", input="x" * 300_000 + "\n3\n")
    assert "card skipped" in out and acks(out) == ["Good"]


def test_a_negative_value_is_a_value_not_an_option():
    result = run("config", "set", "review.new_per_day", "-5")
    assert result.stderr == "dltutor: error: review.new_per_day must be a whole number from 0 to 10000\n"
    assert "No such option" not in result.output
    assert ok("config", "get", "review.new_per_day") == "20\n"


def test_again_gets_no_check_mark():
    out = ok("review", input="1\n3\n")
    marks = re.findall(r"^  (\S) (Again|Good) · due again ", out, re.M)
    assert marks == [("↺", "Again"), ("✓", "Good")]
    assert "✓ Again" not in out
