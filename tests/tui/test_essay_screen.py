"""The essay screen: the same essays as `dltutor essay`, a text area that reaches the disk as you type,
a checklist that follows, versions on Ctrl+S, done on Ctrl+R, and nothing lost when the app is killed."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time

import pytest
from typer.testing import CliRunner

XOR = "The XOR problem is out of reach for one perceptron."
HIDDEN = "Stacking perceptrons into multilayer networks with hidden layers gets past it."


def _cli(*args, input=None):
    from dltutor.cli import app

    result = CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


async def _until(pilot, condition, seconds=10.0):
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


def test_continue_opens_a_draft_written_on_the_command_line_and_the_app_saves_versions(make, _isolated_home):
    asyncio.run(_draft(make, _isolated_home))


async def _draft(make, home):
    from textual.widgets import TextArea

    from dltutor.tui.screens.essay import EssayScreen

    _cli("essay", "lecture-3", "2", input=XOR)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#continue").content).startswith("Next: Finish your essay on lecture 3")
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EssayScreen) and screen.ref.key == ("lecture-3", 2)
        area = screen.query_one(TextArea)
        assert area.text == f"{XOR}\n"
        assert "1 of 6 key points addressed" in str(screen.query_one("#essay-status").content)

        area.move_cursor(area.document.end)
        await pilot.press(*HIDDEN)
        # What is typed reaches the working file within half a second, before any save.
        working = screen.working.path
        await _until(pilot, lambda: working.exists() and HIDDEN in working.read_text())
        # The checklist follows the typing, from a worker thread.
        await _until(pilot, lambda: "2 of 6 key points addressed" in str(screen.query_one("#essay-status").content))
        assert "✓ addressed   hidden layers" in str(screen.query_one("#essay-checklist").content)

        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = json.loads(_cli("essay", "show", "lecture-3", "2", "--json"))
        assert shown["version"] == 2 and shown["text"] == f"{XOR}\n{HIDDEN}\n"
        assert [v["origin"] for v in shown["versions"]] == ["stdin", "app"] and shown["status"] == "draft"

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert json.loads(_cli("essay", "show", "lecture-3", "2", "--json"))["status"] == "done"

        await pilot.press(*" More.")
        await pilot.press("escape")  # leaving saves what changed, then goes back
        await pilot.pause()
        assert not isinstance(app.screen, EssayScreen)
        shown = json.loads(_cli("essay", "show", "lecture-3", "2", "--json"))
        assert shown["version"] == 3 and shown["text"].endswith("gets past it. More.\n")
        assert shown["status"] == "draft"  # a new version after done is a draft again
        assert not working.exists()


def test_w_on_home_writes_on_the_selected_lectures_next_prompt(make):
    asyncio.run(_from_home(make))


async def _from_home(make):
    from dltutor.tui.screens.essay import EssayScreen

    _cli("essay", "lecture-1", "1", input="Current systems predict text.")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")  # lecture 1 is selected: its first prompt is written, so the second
        await pilot.pause()
        assert isinstance(app.screen, EssayScreen) and app.screen.ref.key == ("lecture-1", 2)
        assert "Compare activation functions" in str(app.screen.query_one("#essay-prompt").content)
        await pilot.press("escape")  # nothing typed: no version saved
        await pilot.pause()
    rows = {(r["lecture"], r["prompt"]): r["versions"] for r in json.loads(_cli("essay", "list", "--json"))}
    assert rows[("lecture-1", 1)] == 1 and rows[("lecture-1", 2)] == 0


def test_snapshot_essay_at_80x24(make, snap_compare):
    async def write(pilot):
        from textual.widgets import TextArea

        await pilot.press("w")
        await pilot.pause()
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.press(*XOR)
        await pilot.pause(1.5)  # the checklist is checked again a second after typing stops

    assert snap_compare(make(), terminal_size=(80, 24), run_before=write)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_app_killed_while_an_essay_is_typed_loses_nothing_past_the_autosave(_isolated_home):
    from ptyrun import Pty

    t = Pty(home=_isolated_home)
    t.wait_for("Perceptron Learning")
    t.send("w")
    t.wait_for("Lecture 1, essay 1 of 3")
    t.send(XOR)
    folder = _isolated_home / "essays"
    end = time.monotonic() + 20
    while not (folder.exists() and any(XOR in p.read_text() for p in folder.glob("*.md"))):
        assert time.monotonic() < end, "the working file never held the text"
        time.sleep(0.05)
    t.proc.send_signal(signal.SIGKILL)
    t.close()
    result = CliRunner().invoke(__import__("dltutor.cli", fromlist=["app"]).app, ["essay", "list", "--json"])
    assert "recovered text of Lecture 1, essay 1 of 3" in result.stderr
    rows = {(r["lecture"], r["prompt"]): r for r in json.loads(result.stdout)}
    assert rows[("lecture-1", 1)]["versions"] == 1
    assert json.loads(_cli("essay", "show", "1", "1", "--json"))["text"] == f"{XOR}\n"
