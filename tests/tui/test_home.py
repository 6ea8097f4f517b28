"""The home screen: nine lectures with figures from the store, refreshed on return; its keys; Continue."""

from __future__ import annotations

import asyncio
from datetime import timedelta


def _progress(services, lecture="lecture-3"):
    """Deterministic progress through the store API: one mastered card, one due card, one quiz answer."""
    from dltutor.store import progress
    from dltutor.study.session import rate_card

    conn, now = services.conn, services.clock()
    ids = [cid for (cid,) in conn.execute("SELECT id FROM cards WHERE lecture = ? ORDER BY id", (lecture,))]
    start = now - timedelta(days=60)
    rate_card(conn, ids[0], 4, start)  # Easy, then Easy 20 days on: stability far past 21 days
    rate_card(conn, ids[0], 4, start + timedelta(days=20))
    rate_card(conn, ids[1], 1, now - timedelta(days=2))  # Again two days ago: due now
    attempt = progress.start_attempt(conn, lecture, ["short"], 1, 1, now)
    progress.save_answer(conn, attempt, 1, item_key=f"{lecture}/q1", lecture=lecture, type="short",
                         question="Why?", response="Because.", verdict="partial", score=0.5, hit=["a"],
                         missed=["b"], now=now)
    progress.finish_attempt(conn, attempt, now)
    return len(ids)


def _row(table, lecture):
    return [str(cell) for cell in table.get_row(lecture)]


def _text(screen, selector):
    return str(screen.query_one(selector).content)


def test_home_shows_nine_lectures_and_refreshes_on_return(make):
    asyncio.run(_refreshes(make))


async def _refreshes(make):
    from dltutor.tui.screens.home import HomeScreen
    from dltutor.tui.widgets.home_lectures import LectureTable
    from dltutor.tui.widgets.stats_figures import collect_figures

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(LectureTable)
        assert table.row_count == 9 and table.lecture_id == "lecture-1"
        assert _row(table, "lecture-3")[1:] == ["Perceptron Learning", "········   0%", "  0", "   –"]
        before = collect_figures(app.services)
        assert f"Due today: {before['due_today']} cards" in _text(home, "#today")

        cards = _progress(app.services)
        assert _row(table, "lecture-3")[3] == "  0"  # nothing is read until the learner comes back
        await app.run_action("stats")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home

        after = collect_figures(app.services)
        lec3 = after["lectures"][2]
        assert (lec3["mature"], lec3["due_now"], lec3["quiz_score"]) == (1, 1, 0.5)
        number, title, mastery, due, quiz = _row(table, "lecture-3")
        # Mastery: 1 mature card of 13, beside 2 essay prompts weighing 5 cards each: 1/23 of an 8-cell bar.
        assert cards == 13 and mastery == "▍·······   4%"
        assert (due, quiz) == ("  1", " 50%")
        assert after["due_today"] == before["due_today"] + 1
        assert f"Due today: {after['due_today']} cards  (1 due now, 20 new)" in _text(home, "#today")


def test_home_keys_open_the_chosen_lecture_and_each_screen(make):
    asyncio.run(_keys(make))


async def _keys(make):
    from dltutor.tui.screens import demos, glossary, home, quiz, reader, review, stats

    app = make()
    calls = []
    for name in ("read", "quiz", "review", "glossary", "demos", "stats"):
        original = getattr(app, f"action_{name}")
        setattr(app, f"action_{name}", lambda *args, _n=name, _o=original: (calls.append((_n, *args)), _o(*args)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys, screen, call in [
            (["down", "down", "enter"], reader.ReaderScreen, ("read", "lecture-3")),
            (["down", "q"], quiz.QuizScreen, ("quiz", "lecture-4")),  # the cursor stays where it was
            (["Q"], quiz.QuizScreen, ("quiz",)),
            (["v"], review.ReviewScreen, ("review",)),
            (["g"], glossary.GlossaryScreen, ("glossary",)),
            (["d"], demos.DemosScreen, ("demos",)),
            (["s"], stats.StatsScreen, ("stats",)),
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, screen), keys
            assert calls[-1] == call, keys
            await app.run_action("home")
            await pilot.pause()
            assert isinstance(app.screen, home.HomeScreen), keys


def test_continue_is_the_next_step_and_agrees_with_the_command_line(make):
    asyncio.run(_continue(make))


def _cli(*args, input=None):
    from typer.testing import CliRunner

    from dltutor.cli import app

    result = CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


async def _continue(make):
    import json

    from dltutor.tui.screens.quiz import QuizScreen
    from dltutor.tui.screens.reader import ReaderScreen

    def said():
        return json.loads(_cli("next", "--json"))

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert _text(home, "#continue").splitlines() == [
            "Next: Read lecture 1: Artificial Neural Networks and Deep Learning  (c)", "It is where the course begins."]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.item.id == "lecture-1"
        await app.run_action("home")
        await pilot.pause()
        # Read in the app: the command line knows it, and both say the same next step.
        assert said()["command"] == "dltutor quiz lecture-1"
        assert _text(home, "#continue").startswith("Next: Take the quiz on lecture 1  (c)")

        # A quiz taken on the command line, every answer wrong: the app's Continue retries it.
        _cli("quiz", "lecture-3", "--type", "short", input="no idea\n" * 3)
        assert said()["kind"] == "retry"
        home.refresh_figures()
        await pilot.pause()
        assert _text(home, "#continue").startswith("Next: Retry the 3 questions you missed on lecture 3  (c)")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.wrong and app.screen.lecture_id == "lecture-3"


def test_snapshot_home_fresh(make, snap_compare):
    assert snap_compare(make(), terminal_size=(80, 24))


def test_snapshot_home_with_progress(make, snap_compare):
    async def progress_then_refresh(pilot):
        _progress(pilot.app.services)
        pilot.app.services.record("read", "lecture-3")
        pilot.app.screen.refresh_figures()
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=progress_then_refresh)
