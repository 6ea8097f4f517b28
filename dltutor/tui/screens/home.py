"""The home screen, the app's first frame: the one next step, what is due, and the lectures with progress.

Its figures are `dltutor stats`'s (store.stats.collect, a few ms on a fresh store) and its next
step is `dltutor next`'s (study.next_step, from the same store the command line writes), both read
again whenever the learner comes back, since every other screen changes the store. It imports
nothing heavy: no plotext, no torch, no other screen (each opens through the app's actions).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from dltutor.textsafe import clean_line
from dltutor.tui.widgets.home_lectures import LectureTable
from dltutor.tui.widgets.stats_figures import collect_figures, plural

class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("c", "continue", "Continue"),
        Binding("q", "quiz_lecture", "Quiz"),
        Binding("Q", "app.quiz", "Quiz all", key_display="Q"),
        Binding("p", "practice_lecture", "Practice"),
        Binding("P", "app.practice", "Practice all", key_display="P", show=False),
        Binding("w", "essay_lecture", "Essay"),
        Binding("v", "app.review", "Review"),
        Binding("g", "app.glossary", "Glossary"),
        Binding("d", "app.demos", "Demos"),
        Binding("e", "app.exercises", "Exercises"),
        Binding("s", "app.stats", "Stats"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, Any] = {}
        self.step: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="continue")
        yield Static(id="today")
        yield LectureTable(id="lectures")
        yield Static(id="hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LectureTable).border_title = "Lectures"
        self.query_one(LectureTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """Read the figures and the next step again and redraw: other screens change the store."""
        self.figures = collect_figures(self.app.services)
        self.step = self.app.services.next_step()
        table = self.query_one(LectureTable)
        first_draw = table.lecture_id is None
        table.show(self.figures["lectures"])
        if first_draw:
            table.select_lecture(self._step_lecture() or "lecture-1")
        self.query_one("#continue", Static).update(self._continue_line())
        self.query_one("#today", Static).update(self._today_line())
        self.query_one("#hint", Static).update(
            "Enter read · q quiz · p practice · w essay · e exercises · v review · g glossary · d demos · s stats")

    # --- the lines above the table ---
    def _step_lecture(self) -> str | None:
        """The lecture the next step is about, if it is about one."""
        ids = {lec.id for lec in self.app.services.course.lectures}
        return next((a for a in self.step.action[1:2] if a in ids), None)

    def _continue_line(self) -> Text:
        step = self.step
        reason = clean_line(step.reason)
        return Text.assemble(("Next: ", "bold"), (clean_line(step.title), "bold"), ("  (c)", "dim"), "\n",
                             (reason[:1].upper() + reason[1:] + ".", "dim"), no_wrap=True, overflow="ellipsis")

    def _today_line(self) -> Text:
        f = self.figures
        if f["due_today"] == 0:
            return Text("Nothing due today: read on, or take a quiz.")
        from dltutor.study.wording import today_parts

        return Text.assemble(("Due today: ", "bold"), plural(f["due_today"], "card"),
                             (f"  ({today_parts(f)})  v to review", "dim"))

    # --- keys ---
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.app.action_read(event.row_key.value)

    def action_quiz_lecture(self) -> None:
        self.app.action_quiz(self.query_one(LectureTable).lecture_id or "")

    def action_practice_lecture(self) -> None:
        self.app.action_practice(self.query_one(LectureTable).lecture_id or "")

    def action_essay_lecture(self) -> None:
        self.app.action_essay(self.query_one(LectureTable).lecture_id or "")

    def action_continue(self) -> None:
        """Start the next step, as its command would on the command line."""
        app, (screen, *args) = self.app, self.step.action
        target = args[0] if args else ""
        if screen == "review":
            app.action_review(target)
        elif screen == "quiz":
            app.action_quiz(target, wrong="wrong" in args[1:])
        elif screen == "read":
            app.action_read(target)
        elif screen == "demos":
            app.action_demos(target)
        elif screen == "practice":
            app.action_practice(target)
        elif screen == "essay":
            app.action_essay(target, args[1] if len(args) > 1 else "")
        elif screen == "exercises":
            app.action_exercises(target)
