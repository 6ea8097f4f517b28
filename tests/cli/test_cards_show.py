"""`dltutor cards show`: one card's memory state and every review, recomputed independently here."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()
T0 = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)
KEY = "lecture-3/quiz/2/question-to-answer"


def run(*args, at):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "DLTUTOR_NOW": at.isoformat()})


def _history(home, course):
    """Good, Good (graduates), then Again three days later and Good ten minutes on: four ratings."""
    from dltutor.store import db, progress
    from dltutor.study.cards import course_cards
    from dltutor.study.session import rate_card

    conn = db.connect(home / "progress.db")
    progress.sync_cards(conn, course_cards(course), T0)
    card = progress.find_card(conn, KEY)
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(days=3), T0 + timedelta(days=3, minutes=10)]
    for at, rating in zip(times, (3, 3, 1, 3)):
        rate_card(conn, card.id, rating, at)
    conn.close()
    return card.id, times


def test_show_gives_the_memory_state_and_each_review_as_the_database_and_fsrs_say(_isolated_home, course):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    card_id, times = _history(_isolated_home, course)
    now = T0 + timedelta(days=9, hours=5)
    result = run("cards", "show", KEY, "--json", at=now)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    conn = sqlite3.connect(_isolated_home / "progress.db")
    difficulty, stability, due, last = conn.execute(
        "SELECT difficulty, stability, due, last_review FROM cards WHERE id = ?", (card_id,)).fetchone()
    assert (shown["id"], shown["difficulty"], shown["stability"]) == (card_id, difficulty, stability)
    assert shown["reps"] == 4 and shown["lapses"] == 1 and shown["state"] == "review"
    # Retrievability, FSRS-6's forgetting curve computed here: R = (1 + F·t/S)^(−w₂₀), F = 0.9^(−1/w₂₀) − 1,
    # t in whole days since the last review.
    w20 = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / -w20) - 1
    last_review = datetime.strptime(last, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    expected = (1 + factor * (now - last_review).days / stability) ** -w20
    assert abs(shown["retrievability"] - expected) < 1e-12
    # Every rating, in order, with the time since the one before and the interval it was given.
    reviews = shown["reviews"]
    assert [r["rating_name"] for r in reviews] == ["Good", "Good", "Again", "Good"]
    assert [r["state_before"] for r in reviews] == ["new", "learning", "review", "relearning"]
    assert [datetime.fromisoformat(r["reviewed_at"]) for r in reviews] == times
    assert reviews[0]["elapsed_days"] is None and reviews[2]["elapsed_days"] == round(3 - 10 / 1440, 4)
    assert abs(reviews[0]["interval_days"] - 10 / 1440) < 1e-4  # Good on a new card: FSRS's 10-minute step
    assert abs(reviews[2]["interval_days"] - 10 / 1440) < 1e-4  # Again in review: the 10-minute relearning step
    befores = [json.loads(b)["schedule"]["due"] for (b,) in conn.execute(
        "SELECT before FROM review_log WHERE card_id = ? ORDER BY id", (card_id,))]
    dues = [datetime.strptime(d, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc) for d in [*befores[1:], due]]
    for r, at, given in zip(reviews, times, dues):
        assert abs(r["interval_days"] - (given - at).total_seconds() / 86400) < 1e-4


def test_show_in_text_and_by_id_never_writes_the_database(_isolated_home, course):
    card_id, _ = _history(_isolated_home, course)
    files = lambda: hashlib.sha256((_isolated_home / "progress.db").read_bytes()).hexdigest()  # noqa: E731
    before = files()
    result = run("cards", "show", str(card_id), at=T0 + timedelta(days=4))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Card {card_id} · {KEY} · Lecture 3 · quiz question\n") and "How are the weights updated" in out
    for label in ("difficulty", "stability", "retrievability", "due", "reviews"):
        assert f"  {label}" in out
    assert out.count("│ 2026-01-1") == 4 and "Again" in out
    assert files() == before


def test_a_new_card_has_no_memory_state_yet_and_an_unknown_one_is_one_line(_isolated_home):
    shown = json.loads(run("cards", "show", KEY, "--json", at=T0).stdout)
    assert shown["state"] == "new" and shown["reviews"] == [] and shown["retrievability"] is None
    result = run("cards", "show", "lecture-3/quiz/2/question-to-answr", at=T0)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "did you mean" in result.stderr
