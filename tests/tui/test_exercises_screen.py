"""The exercises screen: progress, the live check of the current file as it is saved, hints, moving on."""

from __future__ import annotations

import asyncio
import os
import time

from dltutor.exercises.registry import find_exercise


async def _until(pilot, condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if condition():
            return True
    raise AssertionError("timed out waiting for the screen")


def _text(screen, widget_id):
    from textual.widgets import Static

    return str(screen.query_one(widget_id, Static).render())


def _save(path, text):
    path.write_text(text, encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_each_save_is_checked_live_hints_come_in_tiers_and_a_pass_moves_on(make, tmp_path, monkeypatch):
    asyncio.run(_each_save_is_checked_live_hints_come_in_tiers_and_a_pass_moves_on(make, tmp_path, monkeypatch))


async def _each_save_is_checked_live_hints_come_in_tiers_and_a_pass_moves_on(make, tmp_path, monkeypatch):
    from dltutor.exercises.workspace import init
    from dltutor.tui.screens.exercises import ExercisesScreen

    init(tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    softmax = find_exercise("softmax")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("exercises('softmax')")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert "5. A numerically stable softmax" in _text(screen, "#exercise-status")
        assert "exp(1000) is inf" in _text(screen, "#exercise-task")
        await _until(pilot, lambda: screen.snapshot is not None and screen.snapshot.verdict is not None)
        assert "✗ not written yet" in _text(screen, "#exercise-result")
        _save(tmp_path / "ws" / softmax.file, "import torch\ndef softmax(z, dim=-1):\n    e = torch.exp(z)\n"
              "    return e / e.sum(dim=dim, keepdim=True)\n")
        await _until(pilot, lambda: screen.snapshot.verdict.kind == "overflow")
        assert "returned tensor([nan, nan, nan])" in _text(screen, "#exercise-result")
        await pilot.press("h")
        await _until(pilot, lambda: len(screen.snapshot.hints) == 1)
        assert "Hint 1 of 4" in _text(screen, "#exercise-hints") and "amax" in _text(screen, "#exercise-hints")
        await pilot.press("s")
        await _until(pilot, lambda: screen.snapshot.note != "")
        assert screen.snapshot.solution is None  # not passed, one failed check
        _save(tmp_path / "ws" / softmax.file, softmax.source("solution"))
        await _until(pilot, lambda: screen.snapshot.current.name == "sigmoid")  # passed: on to the next not passed
        assert screen.snapshot.statuses["softmax"] == "passed"
        listing = screen.query_one("#exercise-list")
        assert listing.highlighted == find_exercise("sigmoid").number - 1
        await pilot.press("escape")
        assert not isinstance(app.screen, ExercisesScreen)


def test_home_opens_it_with_e_and_without_a_workspace_it_says_how_to_make_one(make, tmp_path, monkeypatch):
    asyncio.run(_home_opens_it_with_e_and_without_a_workspace_it_says_how_to_make_one(make, tmp_path, monkeypatch))


async def _home_opens_it_with_e_and_without_a_workspace_it_says_how_to_make_one(make, tmp_path, monkeypatch):
    from dltutor.tui.screens.exercises import ExercisesScreen

    monkeypatch.chdir(tmp_path)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
        assert "dltutor exercise init" in _text(app.screen, "#exercise-status")
        await pilot.press("h")
        await pilot.pause()
        assert app.screen.snapshot is None


def test_the_palette_lists_the_screen_and_every_exercise(make):
    asyncio.run(_the_palette_lists_the_screen_and_every_exercise(make))


async def _the_palette_lists_the_screen_and_every_exercise(make):
    app = make()
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Exercises" in titles and "Exercise 13: attention" in titles
