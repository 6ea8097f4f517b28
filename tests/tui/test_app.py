"""The app shell: it opens on the home screen, navigates, shows help, and offers palette entries."""

from __future__ import annotations

import asyncio


def test_opens_home_and_help_and_back(make):
    asyncio.run(_opens_home_and_help_and_back(make))


async def _opens_home_and_help_and_back(make):
    from dltutor.tui.screens.help import HelpScreen
    from dltutor.tui.screens.home import HomeScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def test_navigation_actions_open_each_screen_and_escape_returns(make):
    asyncio.run(_navigation(make))


async def _navigation(make):
    from dltutor.tui.screens import demos, glossary, home, quiz, reader, review, stats

    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        for action, screen in [("read('lecture-3')", reader.ReaderScreen), ("quiz('lecture-3')", quiz.QuizScreen),
                               ("review", review.ReviewScreen), ("glossary", glossary.GlossaryScreen),
                               ("demos", demos.DemosScreen), ("stats", stats.StatsScreen)]:
            await app.run_action(action)
            await pilot.pause()
            assert isinstance(app.screen, screen), action
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, home.HomeScreen), action


def test_palette_offers_every_lecture_and_demo(make):
    asyncio.run(_palette(make))


async def _palette(make):
    app = make()
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review due cards" in titles and "Stats" in titles
        assert sum(t.startswith("Read lecture ") for t in titles) == 9
        assert "Demo: backprop" in titles


def test_help_snapshot(make, snap_compare):
    assert snap_compare(make(), press=["question_mark"], terminal_size=(80, 24))
