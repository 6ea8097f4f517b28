"""The card counts agree everywhere (issue 16, item 1): a quiz's misses are due, not new; one rating
uses at most one daily slot; the parts of every figure add up; "today" is one row after midnight."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone

from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()
NOW = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)  # TZ is UTC in every test (conftest)


def run(*args: str, input: str | None = None, at: datetime = NOW) -> str:
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", "DLTUTOR_NOW": at.isoformat()})
    assert result.exit_code == 0, result.output
    return result.stdout


def header(out: str) -> tuple[int, int]:
    m = re.search(r"^Review · all lectures · (\d+) due · (\d+) new today$", out, re.M)
    assert m, out
    return int(m[1]), int(m[2])


def stats(at: datetime = NOW) -> dict:
    return json.loads(run("stats", "--json", at=at))


def missed_in_db(home) -> set[str]:
    """The cards the quiz marked as missed, read straight from the database."""
    conn = sqlite3.connect(home / "progress.db")
    keys = {k for (k,) in conn.execute("SELECT key FROM cards WHERE priority = 1 AND reps = 0")}
    conn.close()
    return keys


def quiz_everything_wrong() -> str:
    return runner.invoke(app, ["quiz", "lecture-3", "--seed", "1", "--n", "10"], input="banana\n" * 10,
                         env={"COLUMNS": "100", "DLTUTOR_NOW": NOW.isoformat()}).stdout


def test_a_quiz_followed_by_stats_and_review_agree_on_the_due_count(_isolated_home):
    out = quiz_everything_wrong()
    missed = missed_in_db(_isolated_home)
    assert missed  # every answer was wrong
    m = re.search(r"^(\d+) flashcards? (?:is|are) now due", out, re.M)
    assert m and int(m[1]) == len(missed), out  # each card once, even if two questions share it
    figures = stats()
    assert figures["due_now"] == len(missed)
    assert figures["new_available"] == 20  # the daily allowance is untouched: the misses are due, not new
    assert header(run("review", input="q\n")) == (len(missed), 20)
    listed = json.loads(run("cards", "list", "--due", "--json"))
    assert {c["key"] for c in listed} >= missed and len(listed) == len(missed) + 20


def test_one_rating_uses_at_most_one_daily_slot(_isolated_home):
    quiz_everything_wrong()
    missed = len(missed_in_db(_isolated_home))
    # Rate the first card review shows (a missed one: they come before new cards) Again, then stop.
    first = run("review", input="1\nq\n")
    assert header(first) == (missed, 20)
    after = stats()
    # The missed card is now in its learning step, due in a minute: later today, not now, not new.
    assert (after["due_now"], after["due_later_today"], after["new_available"]) == (missed - 1, 1, 20)
    # Half an hour later: every missed card is due (the one rated Again included); Good on each: still 20 new.
    later = NOW + timedelta(minutes=30)
    out = run("review", input="3\n" * missed + "q\n", at=later)
    assert header(out) == (missed, 20)
    assert stats(later)["new_available"] == 20
    # A new card rated uses exactly one slot.
    conn = sqlite3.connect(_isolated_home / "progress.db")
    new_rated_before = conn.execute("SELECT count(*) FROM review_log WHERE state_before = 0").fetchone()[0]
    conn.close()
    out = run("review", input="3\nq\n", at=later + timedelta(minutes=1))
    assert header(out)[1] == 20
    conn = sqlite3.connect(_isolated_home / "progress.db")
    new_rated = conn.execute("SELECT count(*) FROM review_log WHERE state_before = 0").fetchone()[0]
    conn.close()
    assert new_rated == new_rated_before + 1
    assert stats(later + timedelta(minutes=2))["new_available"] == 19


def test_every_figure_adds_up(_isolated_home):
    quiz_everything_wrong()
    run("cards", "add", "--front", "My own question?", "--back", "My answer.")
    run("review", input="1\n3\n2\nq\n")  # some cards into their learning steps
    f = stats(NOW + timedelta(seconds=30))
    assert f["due_today"] == f["due_now"] + f["due_later_today"] + f["new_available"]
    assert f["upcoming"][0]["due"] == f["due_now"] + f["due_later_today"]
    assert f["due_later_today"] >= 1
    assert sum(lec["due_now"] for lec in f["lectures"]) == f["due_now"]  # the own card is no longer due now
    text = run("stats", at=NOW + timedelta(seconds=30))
    line = next(line for line in text.splitlines() if line.startswith("  today: "))
    total, *parts = (int(n) for n in re.findall(r"\d+", line))
    assert total == f["due_today"] == sum(parts) and len(parts) == 3


def test_stats_after_midnight_before_the_day_starts_shows_today_once(_isolated_home):
    run("config", "set", "review.day_starts_at", "4")
    run("review", input="3\n3\n4\nq\n", at=datetime(2026, 1, 14, 20, tzinfo=timezone.utc))
    one_am = datetime(2026, 1, 15, 1, tzinfo=timezone.utc)  # Thursday 01:00; the study day began Wed 04:00
    f = stats(one_am)
    dates = [date.fromisoformat(d["date"]) for d in f["upcoming"]]
    assert dates == [date(2026, 1, 15) + timedelta(days=k) for k in range(7)]  # today, then one row a day
    # Today runs to the day start after the calendar's: Friday 04:00.
    conn = sqlite3.connect(_isolated_home / "progress.db")
    due = [datetime.fromisoformat(d.replace("Z", "+00:00")) for (d,) in
           conn.execute("SELECT due FROM cards WHERE reps > 0 AND suspended = 0 AND retired = 0")]
    conn.close()
    friday_start = datetime(2026, 1, 16, 4, tzinfo=timezone.utc)
    assert f["upcoming"][0]["due"] == sum(d < friday_start for d in due)
    assert f["upcoming"][1]["due"] == sum(friday_start <= d < friday_start + timedelta(days=1) for d in due)
    assert f["upcoming"][0]["due"] >= 1  # the Good cards (due in 10 minutes from Wed 20:00) are today's
    text = run("stats", at=one_am)
    rows = [line.split()[0:3] for line in text.splitlines() if re.match(r"  (today|\w{3} \d\d \w{3}) ", line)]
    assert rows[0][0] == "today" and rows[1] == ["Fri", "16", "Jan"]
    assert not any(r == ["Thu", "15", "Jan"] for r in rows)
