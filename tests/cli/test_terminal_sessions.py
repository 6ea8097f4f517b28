"""Quiz and review in a real terminal (a pty): single keys, reveal, override, and what is stored."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from ptyrun import Pty  # tests/ptyrun.py

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_review_in_a_terminal_reveals_with_space_and_rates_with_one_key(_isolated_home):
    t = Pty("review", home=_isolated_home)
    t.wait_for("[space] show answer")
    t.send("x")  # any key but u and q reveals
    t.wait_for("Rating: ")
    t.send("7")
    t.wait_for("Press 1, 2, 3 or 4")
    t.send("3")
    t.send("u")  # typed at once, before the next card is drawn: it must not be lost
    t.wait_for("✓ Good")
    t.wait_for("↶ Undone")
    t.send(" ")
    t.screen = ""
    t.wait_for("Rating: ")
    t.send("e")
    t.wait_for("✓ Easy")
    t.send("q")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT rating FROM review_log").fetchall() == [(4,)]


def test_quiz_in_a_terminal_lets_the_learner_overrule_the_grader(_isolated_home):
    t = Pty("quiz", "lecture-3", "--type", "short", "--n", "1", "--seed", "1", home=_isolated_home)
    t.wait_for("Your answer: ")
    t.send("to find the right weights\r")
    t.wait_for("Partly right")
    t.wait_for("r/p/w to mark it")
    t.send("r\r")
    t.wait_for("Marked right.")
    t.wait_for("Score: 1 / 1 (100%)")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT verdict, overridden, response FROM quiz_answers").fetchall() == \
        [("right", 1, "to find the right weights")]


def test_choice_in_a_terminal_asks_again_for_something_that_is_not_an_option(_isolated_home):
    t = Pty("quiz", "lecture-2", "--type", "choice", "--n", "1", "--seed", "1", home=_isolated_home)
    t.wait_for("Your answer (A-D): ")
    t.send("perhaps\r")
    t.wait_for("Answer with a letter from A to D or a number (an empty answer skips).")
    t.send("b\r")
    t.wait_for("r/p/w to mark it")
    t.send("\r")
    t.wait_for("Score: ")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert [r[0] for r in conn.execute("SELECT response FROM quiz_answers")] == ["b"]


def test_an_empty_answer_at_a_choice_prompt_skips_it_in_a_terminal(_isolated_home):
    """Issue 16: Enter on an empty choice prompt asked 'Answer with a letter from A to D' again."""
    t = Pty("quiz", "lecture-2", "--type", "choice", "--n", "2", "--seed", "1", home=_isolated_home)
    t.wait_for("an empty answer skips the question")
    t.wait_for("Your answer (A-D): ")
    t.send("\r")
    t.wait_for("– Skipped")
    t.wait_for("The answer is ")
    t.wait_for("[Enter] next: ")  # nothing to mark right or wrong
    t.send("\r")
    t.wait_for("Question 2 of 2")
    t.wait_for("Your answer (A-D): ")
    t.send("\r")
    t.wait_for("[Enter] next: ")
    t.send("\r")
    t.wait_for("0 wrong, 2 skipped")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT verdict, response, score FROM quiz_answers").fetchall() == [("skipped", "", 0.0)] * 2
    # A skip is not known: both come back as due flashcards.
    assert conn.execute("SELECT count(*) FROM cards WHERE priority = 1").fetchone()[0] == 2


def test_quiz_in_a_terminal_asks_the_learner_to_judge_what_the_grader_cannot_tell(_isolated_home):
    t = Pty("quiz", "lecture-9", "--type", "short", "--n", "1", "--seed", "2", home=_isolated_home)
    t.wait_for("Your answer: ")
    t.send("It is added to the embeddings.\r")
    t.wait_for("Not sure you said:")
    t.wait_for("Answer highlight:")  # the learner judges against the highlight, as in Anki
    t.wait_for("Key point: ")
    t.wait_for("Did your answer make it? [y/n]: ")
    t.send("maybe\r")
    t.wait_for("Answer y or n.")
    t.send("y\r")
    t.wait_for("✓ Right (judged by you)")
    t.wait_for("r/p/w to mark it")
    t.send("\r")
    t.wait_for("Score: 1 / 1 (100%)")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    (row,) = conn.execute("SELECT verdict, overridden, response, key_points_missed FROM quiz_answers").fetchall()
    assert row == ("right", 2, "It is added to the embeddings.", "[]")  # 2: judged by the learner


def test_quiz_in_a_terminal_records_a_no_as_missed(_isolated_home):
    t = Pty("quiz", "lecture-9", "--type", "short", "--n", "1", "--seed", "2", home=_isolated_home)
    t.wait_for("Your answer: ")
    t.send("It is added to the embeddings.\r")
    t.wait_for("Did your answer make it? [y/n]: ")
    t.send("n\r")
    t.wait_for("✗ Not right (judged by you)")
    t.wait_for("r/p/w to mark it")
    t.send("\r")
    t.wait_for("Score: 0 / 1 (0%)")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT verdict, overridden FROM quiz_answers").fetchall() == [("wrong", 2)]
