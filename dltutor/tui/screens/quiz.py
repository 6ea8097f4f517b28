"""The quiz screen: `dltutor quiz` in the app, on the same `QuizSession` and the same store.

One question at a time: type an answer (or pick A-D), see the verdict, the key points made,
missed and contradicted, any misconception with its correction, the answer highlight and the
tutor's notes; judge with y/n the points the grader could not, override it with r/p/w, go on. An empty
answer (or s at a choice) skips: recorded as skipped, not graded wrong, and shown the answer. Each answer is saved
when it is given; at the end a summary gives the score and what to review, and what was missed
is due as flashcards (press v to review them, w to retry just those questions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from dltutor.errors import DltutorError
from dltutor.study.quiz import LETTERS, QUESTION_TYPES
from dltutor.study.wording import VERDICT_MARK, plain, quiz_score, type_name
from dltutor.textsafe import clean_text

VERDICT_STYLE = {"right": "$success", "partial": "$warning", "wrong": "$error", "skipped": "$foreground-muted"}


def shown(text: str) -> str:
    """Content text as the screen shows it: math as Unicode, no emphasis markers, no control characters."""
    return clean_text(plain(text))


TONE = {"bad": "bold $error", "dim": "dim", "note": "italic"}


def feedback_content(result: Any) -> Content:
    """What `dltutor quiz` prints after an answer, below the verdict (which is the panel's title)."""
    from dltutor.study.wording import paragraphs

    parts: list[Any] = []
    for p in paragraphs(result):
        if p.head:
            parts.append((p.head + " ", "bold"))
        parts.append((shown(p.body), TONE.get(p.tone, "")))
        parts.append("\n")
    return Content.assemble(*parts).rstrip()


class QuizScreen(Screen):
    """A quiz on one lecture, or mixed and weighted towards weak lectures; `wrong` retries the last misses."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("enter,n", "next", "Next question"),
        Binding("r", "mark('right')", "Mark right"),
        Binding("p", "mark('partial')", "Partly"),
        Binding("w", "mark('wrong')", "Wrong"),
        *(Binding(letter.lower(), f"choose({i})", f"Choose {letter}", show=False)
          for i, letter in enumerate(LETTERS[:4])),
        Binding("s", "skip", "Skip"),
        Binding("w", "retry", "Retry missed"),
        Binding("v", "review", "Review now"),
        Binding("y", "judge(True)", "I made it"),
        Binding("n", "judge(False)", "I did not"),
    ]

    def __init__(self, lecture_id: str | None = None, *, n: int | None = None, types: Sequence[str] = QUESTION_TYPES,
                 seed: int | None = None, wrong: bool = False) -> None:
        super().__init__()
        self.lecture_id, self.n, self.types, self.seed, self.wrong = lecture_id, n, tuple(types), seed, wrong
        self.session: Any = None
        self.summary: Any = None
        self.index = 0  # the question shown
        self.state = "ask"  # ask → feedback → ask ... → done

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="quiz-heading", classes="title")
        with VerticalScroll(id="quiz-body"):
            with Vertical(id="quiz-ask"):
                yield Static(id="quiz-counter", classes="hint")
                yield Static(id="quiz-prompt")
                yield OptionList(id="quiz-options")
                yield Input(id="quiz-answer", placeholder="Your answer; Enter submits, an empty answer skips")
                yield Static(id="quiz-feedback")
            with Vertical(id="quiz-done"):
                yield Static(id="quiz-summary")
                yield OptionList(id="quiz-missed")
                yield Static(id="quiz-after")
        yield Static(id="quiz-hint", classes="hint")
        yield Footer()

    # --- the session ---
    def on_mount(self) -> None:
        services = self.app.services
        course = services.course
        self.query_one("#quiz-done").display = False
        try:
            self.session = session = self._start(services)
        except DltutorError as error:
            self._empty(str(error)[:1].upper() + str(error)[1:] + ".")
            return
        if not session.items:
            self._empty("Nothing to retry: you got everything right last time." if self.wrong
                        else "No questions of that type here.")
            return
        title = course.lecture(self.lecture_id).title if self.lecture_id else "all lectures"
        count = len(session.items)
        self.query_one("#quiz-heading", Static).update(Content(
            f"Quiz: {clean_text(title)} · {count} question{'s' * (count != 1)}"
            f"{' (retrying what you missed)' if self.wrong else ''}"))
        self._ask()

    def _start(self, services: Any) -> Any:
        from dltutor.study.session import QuizSession

        return QuizSession(services.conn, services.course, lectures=[self.lecture_id] if self.lecture_id else None,
                           n=self.n, types=self.types, seed=self.seed, wrong=self.wrong, clock=services.clock)

    @property
    def item(self) -> Any:
        return self.session.items[self.index]

    def _ask(self) -> None:
        """Show question `self.index`, with the right way to answer it."""
        item, session = self.item, self.session
        self.state = "ask"
        lecture = self.app.services.course.lecture(item.lecture)
        answered = len(session.results)
        so_far = f" · score so far {sum_points(session.results):g}/{answered}" if answered else ""
        self.query_one("#quiz-counter", Static).update(Content(
            f"Question {self.index + 1} of {len(session.items)} · Lecture {lecture.number} · "
            f"{type_name(item.type)}{so_far}"))
        self.query_one("#quiz-prompt", Static).update(Content(shown(item.prompt)))
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.display = False
        feedback.set_classes("")
        options = self.query_one("#quiz-options", OptionList)
        answer = self.query_one("#quiz-answer", Input)
        options.display = bool(item.options)
        answer.display = not item.options
        if item.options:
            options.set_options(self._options())
            options.highlighted = 0
            options.focus()
            last = LETTERS[len(item.options) - 1]
            self._hint(f"Press A-{last}, or ↑ ↓ and Enter · s skips · Esc leaves (your answers so far are saved)")
        else:
            answer.value = ""
            answer.disabled = False
            answer.focus()
            self._hint("Type your answer, Enter submits (empty skips) · Esc leaves (your answers so far are saved)")
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _options(self, result: Any = None) -> list[Option]:
        """The choices as A) ... D), wrapped under their text; after an answer the right one and a wrong pick
        are marked, in the theme's success and error colours."""
        from rich.style import Style
        from rich.table import Table
        from rich.text import Text

        item = self.item
        picked = None
        if result is not None:
            from dltutor.study.quiz import parse_choice

            picked = parse_choice(item, result.response)
        colours = self.app.theme_variables
        rows = []
        for i, option in enumerate(item.options):
            mark, style = "", Style()
            if result is not None and i == item.correct_index:
                mark, style = "✓ ", Style(color=colours.get("success"), bold=True)
            elif result is not None and i == picked:
                mark, style = "✗ ", Style(color=colours.get("error"))
            elif result is not None:
                mark = "  "
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(Text(f"{mark}{LETTERS[i]})", style=style), Text(shown(option), style=style))
            rows.append(Option(grid))
        return rows

    def _answer(self, response: str) -> None:
        if self.state != "ask":
            return
        result = self.session.answer(self.item, response)  # graded and committed
        self.state = "feedback"
        if self.item.options:
            self.query_one("#quiz-options", OptionList).set_options(self._options(result))
        else:
            self.query_one("#quiz-answer", Input).disabled = True
        self._show_feedback(result)
        body = self.query_one("#quiz-body", VerticalScroll)
        body.focus()
        body.scroll_end(animate=False)
        if result.details.unsure:  # the grader could not tell: the learner judges, as in Anki
            self.state = "judge"
            self._hint("Did your answer make the points I could not judge (\"Not sure you said\")? y yes · n no")
        else:
            self._next_hint()
        self.refresh_bindings()

    def _next_hint(self) -> None:
        last = self.index + 1 == len(self.session.items)
        go = f"Enter: {'see your score' if last else 'next question'}"
        if self.session.results[-1].verdict == "skipped":  # no answer to mark
            self._hint(go)
        else:
            self._hint(f"{go} · r/p/w mark it right, partly right or wrong")

    def action_judge(self, made: bool) -> None:
        if self.state != "judge":
            return
        result = self.session.results[-1]
        result = self.session.settle({point: made for point in result.details.unsure})  # persisted at once
        self.state = "feedback"
        self._show_feedback(result)
        self._next_hint()
        self.refresh_bindings()

    def _show_feedback(self, result: Any) -> None:
        feedback = self.query_one("#quiz-feedback", Static)
        mark, word = VERDICT_MARK[result.verdict]
        feedback.border_title = f"{mark} {word}" + (" (judged by you)" if result.self_judged else "")
        feedback.set_classes(f"-{result.verdict}")
        feedback.update(feedback_content(result))
        feedback.display = True

    # --- keys ---
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.state == "feedback"
        if action == "mark":
            return self.state == "feedback" and self.session.results[-1].verdict != "skipped"
        if action == "skip":
            return self.state == "ask" and self.session is not None and bool(self.item.options)
        if action == "judge":
            return self.state == "judge"
        if action == "choose":
            return self.state == "ask" and self.session is not None and int(parameters[0]) < len(self.item.options)
        if action == "retry":
            return self.state == "done" and self.summary is not None and any(
                r.verdict != "right" for r in self.summary.results)
        if action == "review":
            return self.state == "done"
        return True

    @on(Input.Submitted, "#quiz-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)

    @on(OptionList.OptionSelected, "#quiz-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.state == "feedback":  # Enter (or a click) on the answered choices goes on, as elsewhere
            self.action_next()
        else:
            self._answer(LETTERS[event.option_index])

    def action_choose(self, index: int) -> None:
        self._answer(LETTERS[index])

    def action_skip(self) -> None:
        self._answer("")

    def action_mark(self, verdict: str) -> None:
        result = self.session.results[-1]
        if verdict == result.verdict:
            return
        result = self.session.override(verdict)  # persisted at once
        self._show_feedback(result)
        self.notify(f"Marked {VERDICT_MARK[verdict][1].lower()}.", timeout=2)
        self.refresh_bindings()

    def action_next(self) -> None:
        if self.index + 1 < len(self.session.items):
            self.index += 1
            self._ask()
        else:
            self._finish()

    def action_retry(self) -> None:
        self.app.switch_screen(QuizScreen(self.lecture_id, n=self.n, types=self.types, wrong=True))

    def action_review(self) -> None:
        from dltutor.tui.screens.review import ReviewScreen

        self.app.switch_screen(ReviewScreen(self.lecture_id))

    # --- the end ---
    def _finish(self) -> None:
        self.summary = summary = self.session.finish()
        self.state = "done"
        self.query_one("#quiz-ask").display = False
        self.query_one("#quiz-done").display = True
        self.query_one("#quiz-summary", Static).update(summary_content(summary))
        missed = [r for r in summary.results if r.verdict != "right"]
        listing = self.query_one("#quiz-missed", OptionList)
        listing.display = bool(missed)
        course = self.app.services.course
        width = max(40, self.size.width - 18)  # room for the mark and "  Lecture 9"
        listing.set_options([Option(Content.assemble(
            (VERDICT_MARK[r.verdict][0] + " ", VERDICT_STYLE[r.verdict]),
            one_line(r.item.prompt, width), (f"  Lecture {course.lecture(r.item.lecture).number}", "dim")))
            for r in missed])
        self._missed_lectures = [r.item.lecture for r in missed]
        after = []
        if summary.made_due:
            n = summary.made_due
            after.append(f"{n} flashcard{'s are' if n != 1 else ' is'} now due: press v to review them.")
        if missed:
            after.append("Enter on a question opens its lecture · w retries just these · v reviews · Esc goes back.")
            listing.highlighted = 0
            listing.focus()
        else:
            after.append("Everything right. Well done. v reviews what is due · Esc goes back.")
            self.query_one("#quiz-body", VerticalScroll).focus()
        self.query_one("#quiz-after", Static).update(Content("\n".join(after)))
        self._hint("")
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#quiz-missed")
    def _read_missed(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.action_read(self._missed_lectures[event.option_index])

    def _empty(self, message: str) -> None:
        self.state = "empty"
        self.query_one("#quiz-ask").display = False
        self.query_one("#quiz-heading", Static).update(Content("Quiz"))
        self.query_one("#quiz-hint", Static).update(Content(message + " Esc goes back."))
        self.refresh_bindings()

    def _hint(self, text: str) -> None:
        self.query_one("#quiz-hint", Static).update(Content(text))

    def on_unmount(self) -> None:
        """Left before the end: the answers given are saved already; what was missed still becomes due."""
        session = self.session
        if session is None or self.summary is not None or not session.items:
            return
        summary = session.finish(interrupted=True)
        answered = len(summary.results)
        if answered:
            due = f" {summary.made_due} flashcard{'s' * (summary.made_due != 1)} now due." if summary.made_due else ""
            self.app.notify(f"Quiz stopped after {answered} of {summary.planned} questions; your answers are "
                            f"saved.{due}", timeout=4)


def sum_points(results: Sequence[Any]) -> float:
    from dltutor.study.grading import POINTS

    return sum(POINTS[r.verdict] for r in results)


def one_line(text: str, width: int) -> str:
    text = shown(text).replace("\n", " ")
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def summary_content(summary: Any) -> Content:
    """The score line of `dltutor quiz`, and what to review."""
    answered = len(summary.results)
    if not answered:
        return Content("No questions answered; nothing saved.")
    score, rest = quiz_score(summary)
    parts: list[Any] = [(score, "bold"), f" · {rest}"]
    if answered < summary.planned:
        parts.append(f"\nStopped after {answered} of {summary.planned} questions; your answers are saved.")
    if any(r.verdict != "right" for r in summary.results):
        parts.append(("\n\nTo review:", "bold"))
    return Content.assemble(*parts)
