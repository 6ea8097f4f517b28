"""The quiz screen: answers graded with feedback and saved, overrides persisted, the summary and its keys."""

from __future__ import annotations

import asyncio
import json

from textual.widgets import Input, OptionList, Static

# Lecture 3's short questions with a partly right answer for each (as in tests/cli/test_quiz_command.py).
PARTLY = {
    "What is the primary goal of the perceptron learning algorithm?": "find the right weights",
    "How are the weights updated when a classification error occurs?": "using the learning rate and the error",
    "What happens if the data is not linearly separable?": "the algorithm does not converge",
}


def text(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def open_quiz(app, pilot, *args, **kwargs):
    from dltutor.tui.screens.quiz import QuizScreen

    await app.push_screen(QuizScreen(*args, **kwargs))
    await pilot.pause()
    return app.screen


def mark(options, index):
    """An option's label column: its letter, marked ✓ or ✗ after the answer."""
    return next(iter(options.get_option_at_index(index).prompt.columns[0].cells)).plain


def answers(app):
    return app.services.conn.execute(
        "SELECT item_key, response, verdict, score, key_points_hit, key_points_missed, overridden "
        "FROM quiz_answers ORDER BY id").fetchall()


def test_short_answer_shows_key_points_and_an_override_is_saved(make):
    asyncio.run(_short_answer(make))


async def _short_answer(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_quiz(app, pilot, "lecture-3", types=("short",), seed=1)
        item = screen.session.items[0]
        assert text(app, "#quiz-counter").startswith("Question 1 of 3 · Lecture 3 · short answer")
        assert app.screen.focused is screen.query_one("#quiz-answer", Input)
        answer = screen.query_one("#quiz-answer", Input)
        answer.value = PARTLY[item.prompt][:-9]
        await pilot.press(*PARTLY[item.prompt][-9:], "enter")  # typed: an r, p or w goes into the answer
        await pilot.pause()
        feedback = screen.query_one("#quiz-feedback", Static)
        assert feedback.display and str(feedback.border_title) == "◐ Partly right"
        shown = text(app, "#quiz-feedback")
        assert "You made:" in shown and "You missed:" in shown and "Answer highlight: " in shown
        [(key, response, verdict, _, hit, missed, overridden)] = answers(app)
        assert (key, response, verdict, overridden) == (item.key, PARTLY[item.prompt], "partial", 0)
        assert json.loads(hit) and json.loads(missed)
        assert json.loads(hit)[0] in shown and json.loads(missed)[0] in shown

        await pilot.press("r")  # the learner overrides the grader: saved at once
        await pilot.pause()
        assert str(feedback.border_title) == "✓ Right"
        assert answers(app)[0][2:4] == ("right", 1.0) and answers(app)[0][6] == 1

        await pilot.press("enter")  # the next question, with an empty answer box
        await pilot.pause()
        assert text(app, "#quiz-counter").startswith("Question 2 of 3")
        assert screen.query_one("#quiz-answer", Input).value == "" and not feedback.display


def test_choice_answered_by_its_letter(make):
    asyncio.run(_choice(make))


async def _choice(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_quiz(app, pilot, "lecture-3", types=("choice",), seed=2)
        first, second = screen.session.items[:2]
        options = screen.query_one("#quiz-options", OptionList)
        assert options.display and options.option_count == len(first.options)
        assert not screen.query_one("#quiz-answer", Input).display
        await pilot.press("abcd"[first.correct_index])
        await pilot.pause()
        assert str(screen.query_one("#quiz-feedback", Static).border_title) == "✓ Right"
        assert mark(options, first.correct_index) == f"✓ {'ABCD'[first.correct_index]})"
        await pilot.press("n")
        await pilot.pause()
        wrong = (second.correct_index + 1) % len(second.options)
        await pilot.press("abcd"[wrong])
        await pilot.press("c")  # a letter after the answer picks nothing more
        await pilot.pause()
        assert str(screen.query_one("#quiz-feedback", Static).border_title) == "✗ Not right"
        assert mark(options, wrong) == f"✗ {'ABCD'[wrong]})"
        assert [(r[1], r[2]) for r in answers(app)] == [("ABCD"[first.correct_index], "right"),
                                                        ("ABCD"[wrong], "wrong")]


def test_a_choice_is_skipped_with_s_and_a_skip_cannot_be_marked(make):
    asyncio.run(_skip(make))


async def _skip(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_quiz(app, pilot, "lecture-2", types=("choice",), seed=1)
        assert "s skips" in text(app, "#quiz-hint")
        item = screen.session.items[0]
        await pilot.press("s")
        await pilot.pause()
        feedback = screen.query_one("#quiz-feedback", Static)
        assert str(feedback.border_title) == "– Skipped" and feedback.has_class("-skipped")
        from dltutor.tui.screens.quiz import shown

        assert f"The answer is {'ABCD'[item.correct_index]}: {shown(item.answer)}" in text(app, "#quiz-feedback")
        assert "r/p/w" not in text(app, "#quiz-hint")
        await pilot.press("r")  # no answer to mark right
        await pilot.pause()
        assert answers(app)[0][1:4] == ("", "skipped", 0.0)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.index == 1 and screen.state == "ask"


def test_finishing_shows_the_summary_and_makes_misses_due(make):
    asyncio.run(_finish(make))


async def _finish(make):
    from dltutor.tui.screens.quiz import QuizScreen
    from dltutor.tui.screens.review import ReviewScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_quiz(app, pilot, "lecture-3", types=("short",), seed=1)
        first = screen.session.items[0]
        screen.query_one("#quiz-answer", Input).value = PARTLY[first.prompt]
        await pilot.press("enter", "r", "enter")  # one right (by override)
        for _ in range(2):
            await pilot.press("enter", "enter")  # an empty answer skips, then next
        await pilot.pause()
        assert screen.state == "done"
        summary = text(app, "#quiz-summary")
        assert summary.startswith("Score: 1 / 3 (33%) · 1 right, 0 partly, 0 wrong, 2 skipped") and "To review:" in summary
        assert screen.query_one("#quiz-missed", OptionList).option_count == 2
        assert "2 flashcards are now due" in text(app, "#quiz-after")
        conn = app.services.conn
        assert conn.execute("SELECT finished_at IS NOT NULL FROM quiz_attempts").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM cards WHERE priority = 1").fetchone() == (2,)

        await pilot.press("w")  # retry just the two missed
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry is not screen and retry.wrong
        assert {i.key for i in retry.session.items} == {i.key for i in screen.session.items[1:]}
        await pilot.press("escape")  # leaving early keeps what was answered (nothing here)
        await pilot.pause()

        await app.push_screen(QuizScreen("lecture-3", types=("short",), seed=1))
        await pilot.pause()
        for _ in range(3):
            await pilot.press("enter", "enter")
        await pilot.press("v")  # review now
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


def test_snapshot_question_with_feedback(make, snap_compare):
    from dltutor.tui.screens.quiz import QuizScreen

    app = make()

    async def run_before(pilot):
        await app.push_screen(QuizScreen("lecture-3", types=("short",), seed=1))
        await pilot.pause()
        app.screen.query_one("#quiz-answer", Input).value = PARTLY[app.screen.session.items[0].prompt]
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_learner_judges_with_y_or_n_what_the_grader_cannot_tell(make):
    asyncio.run(_judge(make))


async def _judge(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_quiz(app, pilot, "lecture-9", types=("short",), n=1, seed=2)
        assert screen.session.items[0].key == "lecture-9/quiz/3"
        screen.query_one("#quiz-answer", Input).value = "It is added to the embeddings."
        await pilot.press("enter")
        await pilot.pause()
        feedback = screen.query_one("#quiz-feedback", Static)
        assert "Not sure you said:" in text(app, "#quiz-feedback") and "y yes · n no" in text(app, "#quiz-hint")
        await pilot.press("enter")  # Enter does not skip the judgement
        await pilot.pause()
        assert screen.state == "judge" and answers(app)[0][6] == 0
        await pilot.press("n")  # not "next": the learner says no
        await pilot.pause()
        assert str(feedback.border_title) == "✗ Not right (judged by you)" and screen.state == "feedback"
        assert answers(app)[0][2] == "wrong" and answers(app)[0][6] == 2
