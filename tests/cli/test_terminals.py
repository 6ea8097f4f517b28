"""Every terminal: 80 and 40 columns, piped, and TERM=dumb (issue 16, item 3)."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest
from ptyrun import Pty  # tests/ptyrun.py
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.cli.terminal import Terminal

runner = CliRunner()


def run(*args: str, width: int = 80, input: str | None = None):
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)}, input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def tokens(text: str) -> set[str]:
    return set(re.findall(r"[^\s│·]+", text))


def test_cards_list_fits_80_columns_with_short_ids_and_fronts_cut_with_an_ellipsis():
    long_front = "Which " + "very " * 30 + "long question is this, that no table row can hold?"
    run("cards", "add", "--front", long_front, "--back", "one that is cut in the list")
    cards = json.loads(run("cards", "list", "--json"))
    out = run("cards", "list", width=80)
    assert widest(out) <= 80
    lines = out.splitlines()
    column = len(lines[1].split("│")[2]) - 2  # the front column's width, from the header row
    rows = {int(cells[0]): cells for line in lines
            if (cells := [c.strip() for c in line.strip("│").split("│")]) and cells[0].isdigit()}
    assert set(rows) == {c["id"] for c in cards}  # each card on one line, under its short id
    cut = 0
    for card in cards:
        shown, front = rows[card["id"]][1], " ".join(card["front"].split())
        if re.search(r"[$*_\\]", front):
            continue  # formulas and emphasis are drawn as Unicode: not comparable as text
        if len(front) <= column:
            assert shown == front
        else:
            cut += 1
            assert shown.endswith("…") and front.startswith(shown[:-1]) and len(shown) <= column
    assert cut >= 10
    own = next(c for c in cards if c["front"] == long_front)
    assert rows[own["id"]][1].endswith("…") and long_front.startswith(rows[own["id"]][1][:-1])
    # The whole card, both sides, by its short id.
    shown = run("cards", "show", str(own["id"]), width=80)
    assert " ".join(shown.split()).count(long_front) == 1 and "one that is cut in the list" in shown
    assert widest(shown) <= 80


def test_cards_list_at_40_columns_stacks_each_card_and_keeps_every_line_inside():
    out = run("cards", "list", "--lecture", "3", width=40)
    assert widest(out) <= 40
    ids = [c["id"] for c in json.loads(run("cards", "list", "--lecture", "3", "--json"))]
    starts = [int(line.split(" · ")[0]) for line in out.splitlines() if re.match(r"\d+ · ", line)]
    assert starts == ids


@pytest.mark.parametrize("command", [["lectures"], ["demo", "list"], ["stats"]])
def test_narrow_tables_reflow_at_40_columns_without_breaking_words(command, course):
    out = run(*command, width=40)
    assert widest(out) <= 40
    words = tokens(out)
    if command == ["lectures"]:
        for lecture in course.lectures:  # every word of every title whole, none cut into fragments
            assert set(lecture.title.split()) <= words, lecture.title
    if command == ["stats"]:
        for lecture in course.lectures:
            assert set(lecture.title.split()) <= words, lecture.title


def test_lectures_table_at_80_columns_is_still_a_table():
    out = run("lectures", width=80)
    assert widest(out) <= 80 and out.count("│ lecture-") == 9


def test_say_wraps_long_lines_at_word_boundaries_and_keeps_their_indent():
    out = io.StringIO()
    term = Terminal(stdin=io.StringIO(), out=out)
    term.width = 30
    text = "  Type your answer and press Enter; an empty answer means skip. Ctrl-C stops."
    term.say(text)
    term.say("short   line  kept as written")
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert all(line.startswith("  ") for line in lines[:-1])
    assert " ".join(" ".join(lines[:-1]).split()) == " ".join(text.split())  # no word cut, none lost
    assert lines[-1] == "short   line  kept as written"


pty_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
DUMB = {"TERM": "dumb", "NO_COLOR": None}  # no NO_COLOR: TERM alone must make it plain


@pty_only
def test_dltutor_alone_in_a_dumb_terminal_prints_the_help_instead_of_opening_the_app(_isolated_home):
    t = Pty(home=_isolated_home, env=DUMB)
    t.wait_for("Commands")
    assert t.close() == 0
    assert "Usage:" in t.screen and "\x1b" not in t.screen  # no alternate screen, no colours
    assert not (_isolated_home / "progress.db").exists()  # the app would have opened the store


@pty_only
def test_dltutor_app_in_a_dumb_terminal_says_why_in_one_line(_isolated_home):
    t = Pty("app", home=_isolated_home, env=DUMB)
    t.wait_for("dltutor: error:")
    assert t.close() == 2
    assert "TERM" in t.screen and "\x1b" not in t.screen


@pty_only
def test_read_in_a_dumb_terminal_uses_no_pager_and_plain_output(_isolated_home):
    t = Pty("read", "3", home=_isolated_home, env={**DUMB, "PAGER": None, "LINES": "10"})
    t.wait_for("What next")
    assert t.close() == 0  # a pager would be waiting for a key here
    assert "WARNING" not in t.screen and "\x1b" not in t.screen
    assert "Lecture 3: Perceptron Learning" in t.screen and "dltutor read 4" in t.screen


@pty_only
def test_read_in_a_real_terminal_still_pages(_isolated_home, tmp_path):
    # The other side of the dumb test: with TERM=xterm the same text goes to the pager.
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\nwc -l > /dev/null; echo PAGED\n")
    pager.chmod(0o755)
    t = Pty("read", "3", home=_isolated_home, env={"PAGER": str(pager), "LINES": "10"})
    t.wait_for("PAGED")
    assert t.close() == 0
    assert "What next" not in t.screen
