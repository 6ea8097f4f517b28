"""The practice screen: answers checked, saved before the next problem, slips named; the summary and its keys."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList, Static


def text(app, selector):
    """A Static's text as drawn: its Content, or its rich renderable printed 76 columns wide."""
    from rich.console import Console
    from textual.content import Content

    shown = app.screen.query_one(selector, Static).content
    if isinstance(shown, (Content, str)):
        return str(shown)
    console = Console(width=76, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(shown)
    return console.export_text()


def stored(app):
    return app.services.conn.execute("SELECT kind, response, verdict FROM practice_answers ORDER BY id").fetchall()


def conv_answer(params) -> int:
    """The lecture's formula, with the floor (as torch computes it)."""
    return (params["w1"] - params["f"] + 2 * params["p"]) // params["s"] + 1


async def open_practice(app, pilot, *args, **kwargs):
    from dltutor.tui.screens.practice import PracticeScreen

    await app.push_screen(PracticeScreen(*args, **kwargs))
    await pilot.pause()
    return app.screen


async def type_answer(pilot, screen, answer):
    screen.query_one("#practice-answer", Input).value = answer
    await pilot.press("enter")
    await pilot.pause()


def test_an_answer_is_checked_saved_and_worked_out(make):
    asyncio.run(_answer(make))


async def _answer(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(app, pilot, "conv-output-size", n=3, seed=4)
        first = screen.session.problems[0]
        assert text(app, "#practice-counter").startswith("Problem 1 of 3 · Lecture 6 · conv-output-size")
        assert "Answer: a whole number." in text(app, "#practice-question")
        assert app.screen.focused is screen.query_one("#practice-answer", Input)

        await type_answer(pilot, screen, "sixteen")  # not a number: said so, nothing stored, asked again
        assert "Not a number I can read" in text(app, "#practice-form") and "a whole number, like 16" in \
            text(app, "#practice-form")
        assert stored(app) == [] and screen.state == "ask"

        right = str(conv_answer(first.params))
        await type_answer(pilot, screen, right)
        feedback = screen.query_one("#practice-feedback", Static)
        assert str(feedback.border_title) == "✓ Right" and not screen.query_one("#practice-form").display
        shown = text(app, "#practice-feedback")
        assert f"The answer is {right}." in shown and "Worked solution" in shown and "⌊" in shown
        assert stored(app) == [("conv-output-size", right, "right")]  # committed before the next problem

        await pilot.press("enter")
        await pilot.pause()
        assert text(app, "#practice-counter").startswith("Problem 2 of 3") and "1 of 1 right so far" in \
            text(app, "#practice-counter")
        second = screen.session.problems[1]
        await type_answer(pilot, screen, str(conv_answer(second.params) + 7))
        assert str(feedback.border_title) == "✗ Not right"
        assert f"; you gave {conv_answer(second.params) + 7}." in text(app, "#practice-feedback")
        assert stored(app)[-1][2] == "wrong"


def test_the_floor_slip_is_named_on_screen(make):
    asyncio.run(_slip(make))


async def _slip(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        for seed in range(40):
            screen = await open_practice(app, pilot, "conv-output-size", n=1, seed=seed)
            p = screen.session.problems[0].params
            span = p["w1"] - p["f"] + 2 * p["p"]
            if span % p["s"]:
                break
            await pilot.press("escape")
            await pilot.pause()
        await type_answer(pilot, screen, f"{span / p['s'] + 1:g}")
        assert "forgot the floor" in text(app, "#practice-feedback")


def test_finishing_shows_the_score_the_missed_kinds_and_its_keys(make):
    asyncio.run(_finish(make))


async def _finish(make):
    from dltutor.tui.screens.practice import PracticeScreen
    from dltutor.tui.screens.review import ReviewScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(app, pilot, "lecture-6", n=4, seed=2)
        for problem in screen.session.problems:
            answer = "" if problem.kind in ("pooling-output", "receptive-field") else \
                ", ".join(str(v) for v in problem.values)
            await type_answer(pilot, screen, answer)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.state == "done"
        assert text(app, "#practice-summary").startswith("Practice: 2 of 4 right (50%) · 0 wrong, 2 skipped")
        missed = screen.query_one("#practice-missed", OptionList)
        assert [missed.get_option_at_index(i).id for i in range(missed.option_count)] == \
            [p.kind for p in screen.session.problems if p.kind in ("pooling-output", "receptive-field")]
        assert "come back in review (v)" in text(app, "#practice-after")
        assert app.services.conn.execute("SELECT count(*) FROM cards WHERE kind = 'practice'").fetchone() == (2,)

        await pilot.press("enter")  # the highlighted missed kind, again with new numbers
        await pilot.pause()
        again = app.screen
        assert isinstance(again, PracticeScreen) and again is not screen and again.scope == missed.get_option_at_index(
            0).id
        await pilot.press("escape")
        await pilot.pause()

        screen = await open_practice(app, pilot, "mse", n=1, seed=1)
        await type_answer(pilot, screen, "")
        await pilot.press("enter", "a")  # another round: new numbers
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.session.problems != screen.session.problems
        await type_answer(pilot, app.screen, "")
        await pilot.press("enter", "v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "practice problem" in str(app.screen.query_one("#review-card").border_title)


def test_practice_opens_from_home_the_reader_and_the_palette(make):
    asyncio.run(_reach(make))


async def _reach(make):
    from dltutor.tui.screens.home import HomeScreen
    from dltutor.tui.screens.practice import PracticeScreen
    from dltutor.tui.screens.reader import ReaderScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "p")  # the chosen lecture: 3
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.scope == "lecture-3"
        await pilot.press("escape")
        await pilot.pause()
        # Continue is the next step (`dltutor next`): a sitting left without an answer changes nothing.
        assert text(app, "#continue").startswith("Next: Read lecture 1:")
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.scope == "all"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        app.action_read("lecture-9")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        sidebar = [str(o.prompt) for o in app.screen.query_one("#reader-contents", OptionList).options]
        assert any("attention-weight" in s and "positional-encoding" in s for s in sidebar)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.scope == "lecture-9"

        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Practice: all lectures" in titles and "Practice: lecture 6" in titles
        assert "Practice: conv-output-size" in titles


def test_snapshot_wrong_answer_with_its_slip(make, snap_compare):
    app = make()

    async def run_before(pilot):
        from dltutor.tui.screens.practice import PracticeScreen

        await app.push_screen(PracticeScreen("sigmoid-derivative", n=3, seed=2))
        await pilot.pause()
        screen = app.screen
        z = screen.session.problems[0].params["z"]
        import math

        await type_answer(pilot, screen, f"{1 / (1 + math.exp(-z)):.3f}")  # σ(z), not σ′(z)
        assert "used the sigmoid's output" in text(app, "#practice-feedback")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
