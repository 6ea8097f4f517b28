"""The practice screen: `dltutor practice` in the app, on the same `PracticeSession` and the same store.

One problem at a time: type the answer and press Enter. An answer not in the expected form is
not graded (the line under the box says what form to use); otherwise the verdict comes with the
answer, the slip where one fits and the worked solution, and the answer is saved before the
next problem is shown. At the end: the score, the kinds missed (Enter practises one again, with
new numbers), `a` for another round, `v` to review the cards the misses made due.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from dltutor.study.wording import (PRACTICE_MARK, practice_comes_back, practice_feedback, practice_scope,
                                   practice_score)
from dltutor.textsafe import clean_text

VERDICT_STYLE = {"right": "$success", "wrong": "$error", "skipped": "$warning"}


def feedback_view(result: Any) -> Any:
    """What `dltutor practice` prints under the verdict; each solution step wraps under its own indent."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines = [Text(clean_text(line)) for line in practice_feedback(result)]
    steps = [Padding(Text(clean_text(step)), (0, 0, 0, 2)) for step in result.problem.solution]
    return Group(*lines, Text(""), Text("Worked solution", style="bold"), *steps)


class PracticeScreen(Screen):
    """Problems of one kind, of one lecture, or mixed towards the weak lectures; each answer saved as given."""

    CSS_PATH = "practice.tcss"
    BINDINGS = [
        Binding("enter,n", "next", "Next problem"),
        Binding("l", "lecture", "Read the lecture"),
        Binding("a", "again", "New problems"),
        Binding("v", "review", "Review now"),
    ]

    def __init__(self, scope: str = "all", *, n: int | None = None, seed: int | None = None) -> None:
        super().__init__()
        self.scope, self.n, self.seed = scope, n, seed
        self.session: Any = None
        self.summary: Any = None
        self.index = 0  # the problem shown
        self.state = "ask"  # ask → feedback → ask ... → done

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="practice-heading", classes="title")
        with VerticalScroll(id="practice-body"):
            with Vertical(id="practice-ask"):
                yield Static(id="practice-counter", classes="hint")
                yield Static(id="practice-question")
                yield Input(id="practice-answer", placeholder="Your answer: 0.73, 73%, 3/4, 1e-3 or 0.1, 0.2; "
                                                              "empty skips")
                yield Static(id="practice-form", classes="hint")
                yield Static(id="practice-feedback")
            with Vertical(id="practice-done"):
                yield Static(id="practice-summary")
                yield OptionList(id="practice-missed")
                yield Static(id="practice-after")
        yield Static(id="practice-hint", classes="hint")
        yield Footer()

    # --- the session ---
    def on_mount(self) -> None:
        from dltutor.study.practice.session import PracticeSession

        services = self.app.services
        self.query_one("#practice-done").display = False
        self.session = PracticeSession(services.conn, scope=self.scope, n=self.n, seed=self.seed,
                                       clock=services.clock)
        count = len(self.session.problems)
        self.query_one("#practice-heading", Static).update(Content(
            f"Practice: {practice_scope(self.scope)} · {count} problem{'s' * (count != 1)}"))
        self._ask()

    @property
    def problem(self) -> Any:
        return self.session.problems[self.index]

    def _ask(self) -> None:
        problem, session = self.problem, self.session
        self.state = "ask"
        done = len(session.results)
        right = sum(r.verdict == "right" for r in session.results)
        so_far = f" · {right} of {done} right so far" if done else ""
        self.query_one("#practice-counter", Static).update(Content(
            f"Problem {self.index + 1} of {len(session.problems)} · Lecture {problem.lecture.rsplit('-', 1)[-1]} · "
            f"{problem.kind}{so_far}"))
        self.query_one("#practice-question", Static).update(Content(clean_text(problem.question)))
        feedback = self.query_one("#practice-feedback", Static)
        feedback.display = False
        feedback.set_classes("")
        self._form("")
        answer = self.query_one("#practice-answer", Input)
        answer.value = ""
        answer.disabled = False
        answer.focus()
        self._hint("Type your answer, Enter checks it · an empty answer skips · Esc leaves (answers so far are saved)")
        self.query_one("#practice-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @on(Input.Submitted, "#practice-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state != "ask":
            return
        result = self.session.answer(self.problem, event.value)  # graded and committed, or not an answer yet
        if not result.saved:
            self._form(result.graded.form_error)
            return
        self.state = "feedback"
        self._form("")
        self.query_one("#practice-answer", Input).disabled = True
        self._show_feedback(result)
        body = self.query_one("#practice-body", VerticalScroll)
        body.focus()
        body.scroll_end(animate=False)
        last = self.index + 1 == len(self.session.problems)
        self._hint(f"Enter: {'see your score' if last else 'next problem'} · l reads the lecture")
        self.refresh_bindings()

    def _show_feedback(self, result: Any) -> None:
        feedback = self.query_one("#practice-feedback", Static)
        mark, word = PRACTICE_MARK[result.verdict]
        feedback.border_title = f"{mark} {word}"
        feedback.set_classes(f"-{result.verdict}")
        feedback.update(feedback_view(result))
        feedback.display = True

    # --- keys ---
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.state == "feedback"
        if action == "lecture":
            return self.state == "feedback"
        if action in ("again", "review"):
            return self.state == "done"
        return True

    def action_next(self) -> None:
        if self.state != "feedback":
            return
        if self.index + 1 < len(self.session.problems):
            self.index += 1
            self._ask()
        else:
            self._finish()

    def action_lecture(self) -> None:
        self.app.action_read(self.problem.lecture)

    def action_again(self) -> None:
        self.app.switch_screen(PracticeScreen(self.scope, n=self.n, seed=self.session.seed + 1))

    def action_review(self) -> None:
        from dltutor.tui.screens.review import ReviewScreen

        self.app.switch_screen(ReviewScreen(self.scope if self.scope.startswith("lecture-") else None))

    # --- the end ---
    def _finish(self) -> None:
        self.summary = summary = self.session.finish()
        self.state = "done"
        self.query_one("#practice-ask").display = False
        self.query_one("#practice-done").display = True
        score, rest = practice_score(summary)
        self.query_one("#practice-summary", Static).update(Content.assemble(
            (score, "bold"), f" · {rest}", ("\n\nTo practise again:" if summary.missed else "", "bold")))
        missed = self.query_one("#practice-missed", OptionList)
        missed.display = bool(summary.missed)
        from dltutor.study.practice.kinds import KINDS

        missed.set_options([Option(Content.assemble(
            (PRACTICE_MARK["wrong"][0] + " ", VERDICT_STYLE["wrong"]), kind,
            (f"  Lecture {KINDS[kind].LECTURE.rsplit('-', 1)[-1]} · {KINDS[kind].SUMMARY}", "dim")), id=kind)
            for kind in summary.missed])
        after = []
        line = practice_comes_back(summary.made_due)
        if line:
            after.append(line.replace("`dltutor review`", "review (v)"))
        if summary.missed:
            after.append("Enter on a kind practises it with new numbers · a another round · v review · Esc back.")
            missed.highlighted = 0
            missed.focus()
        else:
            after.append("Everything right. Well done. a another round · v review · Esc back.")
            self.query_one("#practice-body", VerticalScroll).focus()
        self.query_one("#practice-after", Static).update(Content("\n".join(after)))
        self._hint("")
        self.query_one("#practice-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#practice-missed")
    def _again_kind(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.switch_screen(PracticeScreen(event.option.id or self.scope, n=self.n))

    def _form(self, text: str) -> None:
        form = self.query_one("#practice-form", Static)
        form.update(Content(text))
        form.display = bool(text)

    def _hint(self, text: str) -> None:
        self.query_one("#practice-hint", Static).update(Content(text))

    def on_unmount(self) -> None:
        """Left before the end: every answer given is saved already; say so."""
        session = self.session
        if session is None or self.summary is not None:
            return
        summary = session.finish(interrupted=True)
        if summary.results:
            self.app.notify(f"Practice stopped after {len(summary.results)} of {summary.planned} problems; your "
                            "answers are saved.", timeout=4)
