"""`dltutor practice` in a real terminal (a pty): the hint, asking again, the verdict, Ctrl-D ending it."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from ptyrun import Pty  # tests/ptyrun.py

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_practice_in_a_terminal_asks_again_then_checks_and_saves(_isolated_home):
    t = Pty("practice", "receptive-field", "--n", "3", "--seed", "2", home=_isolated_home)
    t.wait_for("An empty answer skips. Ctrl-C stops.")
    t.wait_for("Your answer: ")
    t.send("about five\r")
    t.wait_for("Not a number I can read")
    t.send("\r")  # a skip
    t.wait_for("– Skipped")
    t.wait_for("Problem 2 of 3")
    t.send("\x04")  # Ctrl-D: the end
    t.wait_for("Stopped after 1 of 3 problems; your answers are saved.")
    assert t.close() == 0
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT kind, response, verdict FROM practice_answers").fetchall() == \
        [("receptive-field", "", "skipped")]
