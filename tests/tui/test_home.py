"""The home screen: nine lectures with figures from the store, refreshed on return; its keys; Continue."""

from __future__ import annotations

import asyncio
from datetime import timedelta


def _progress(services, lecture="lecture-3"):
    """Deterministic progress through the store API: one mastered card, one due card, one quiz answer."""
    from dltutor.store import progress

    conn, now = services.conn, services.clock()
    ids = [cid for (cid,) in conn.execute("SELECT id FROM cards WHERE lecture = ? ORDER BY id", (lecture,))]
    start = now - timedelta(days=60)
    progress.rate(conn, ids[0], 4, start)  # Easy, then Easy 20 days on: stability far past 21 days
    progress.rate(conn, ids[0], 4, start + timedelta(days=20))
    progress.rate(conn, ids[1], 1, now - timedelta(days=2))  # Again two days ago: due now
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
        assert cards == 13 and mastery == "▋·······   8%"  # 1/13 of an 8-cell bar
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


def test_continue_suggests_lecture_one_then_goes_to_the_last_place(make):
    asyncio.run(_continue(make))


async def _continue(make):
    from dltutor.tui.screens.home import HomeScreen
    from dltutor.tui.screens.quiz import QuizScreen
    from dltutor.tui.screens.reader import ReaderScreen

    app = make()
    opened = []
    original = app.action_read
    app.action_read = lambda *args: (opened.append(args), original(*args))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert _text(home, "#continue").startswith(
            "Start here: Lecture 1 — Artificial Neural Networks and Deep Learning")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and opened[-1][0] == "lecture-1"

        app.services.remember({"screen": "reader", "lecture": "lecture-3", "section": "learning-rule"})
        await app.run_action("home")
        await pilot.pause()
        assert app.screen is home
        assert _text(home, "#continue") == "Continue: Lecture 3 — Perceptron Learning (reader)  (c)"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and opened[-1] == ("lecture-3", "learning-rule")

        app.services.remember({"screen": "quiz", "lecture": "lecture-5"})
        await app.run_action("home")
        await pilot.pause()
        assert _text(home, "#continue") == "Continue: Lecture 5 — Error Backpropagation (quiz)  (c)"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)

        app.services.remember({"screen": "reader", "lecture": "lecture-99"})  # gone from the course
        await app.run_action("home")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _text(home, "#continue").startswith("Start here: Lecture 1")


def test_snapshot_home_fresh(make, snap_compare):
    assert snap_compare(make(), terminal_size=(80, 24))


def test_snapshot_home_with_progress(make, snap_compare):
    async def progress_then_refresh(pilot):
        _progress(pilot.app.services)
        pilot.app.services.remember({"screen": "reader", "lecture": "lecture-3"})
        pilot.app.screen.refresh_figures()
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=progress_then_refresh)
