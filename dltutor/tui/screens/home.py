"""The home screen, the app's first frame: the lectures with progress, what is due, and where to continue.

Its figures are `dltutor stats`'s (store.stats.collect, a few ms on a fresh store) and are read
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

# How each remembered place reads on the Continue line, and which action reopens it.
_SCREEN_NAMES = {"reader": "reader", "quiz": "quiz", "review": "review", "glossary": "glossary",
                 "demos": "demo", "demo": "demo", "stats": "stats", "exercises": "exercises",
                 "practice": "practice"}


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("c", "continue", "Continue"),
        Binding("q", "quiz_lecture", "Quiz"),
        Binding("Q", "app.quiz", "Quiz all", key_display="Q"),
        Binding("p", "practice_lecture", "Practice"),
        Binding("P", "app.practice", "Practice all", key_display="P", show=False),
        Binding("v", "app.review", "Review"),
        Binding("g", "app.glossary", "Glossary"),
        Binding("d", "app.demos", "Demos"),
        Binding("e", "app.exercises", "Exercises"),
        Binding("s", "app.stats", "Stats"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, Any] = {}
        self.place: dict[str, Any] | None = None

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
        """Read the figures and the last place again and redraw: other screens change the store."""
        self.figures = collect_figures(self.app.services)
        self.place = self._known_place(self.app.services.last_place())
        table = self.query_one(LectureTable)
        first_draw = table.lecture_id is None
        table.show(self.figures["lectures"])
        if first_draw:
            table.select_lecture((self.place or {}).get("lecture") or "lecture-1")
        self.query_one("#continue", Static).update(self._continue_line())
        self.query_one("#today", Static).update(self._today_line())
        self.query_one("#hint", Static).update(
            "Enter read · q quiz · p practice · e exercises · v review · g glossary · d demos · s stats")

    # --- the two lines above the table ---
    def _lecture(self, lecture_id: str | None) -> Any:
        for lec in self.app.services.course.lectures:
            if lec.id == lecture_id:
                return lec
        return None

    def _known_place(self, place: dict[str, Any] | None) -> dict[str, Any] | None:
        """The last place if this course can still open it (a renamed lecture is forgotten)."""
        if not isinstance(place, dict) or place.get("screen") not in _SCREEN_NAMES:
            return None
        if place.get("lecture") and self._lecture(place["lecture"]) is None:
            return None
        if place.get("kind"):
            from dltutor.study.practice.kinds import KINDS

            if place["kind"] not in KINDS:
                return None
        return place

    def _continue_line(self) -> Text:
        place = self.place
        if place is None:
            first = self.app.services.course.lectures[0]
            return Text.assemble(("Start here: ", "bold"), f"Lecture {first.number} — {clean_line(first.title)}",
                                 ("  (c)", "dim"), no_wrap=True, overflow="ellipsis")
        lec = self._lecture(place.get("lecture"))
        what = _SCREEN_NAMES[place["screen"]]
        if lec is not None:
            subject = f"Lecture {lec.number} — {clean_line(lec.title)} ({what})"
        elif place.get("term"):
            subject = f"glossary — {clean_line(str(place['term']))}"
        elif what == "exercises":
            subject = f"exercise {clean_line(str(place.get('name') or ''))}".rstrip()
        elif place.get("kind"):
            subject = f"practice — {clean_line(str(place['kind']))}"
        elif place.get("demo") or place.get("name"):
            subject = f"demo {clean_line(str(place.get('demo') or place.get('name')))}"
        elif what == "quiz":
            subject = "quiz on all lectures"
        elif what == "practice":
            subject = "practice on all lectures"
        elif what == "review":
            subject = "review of all due cards"
        else:
            subject = what
        return Text.assemble(("Continue: ", "bold"), subject, ("  (c)", "dim"), no_wrap=True, overflow="ellipsis")

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

    def action_continue(self) -> None:
        place = self.place
        app = self.app
        if place is None:
            app.action_read(app.services.course.lectures[0].id)
            return
        screen, lecture = place["screen"], place.get("lecture") or ""
        if screen == "reader" and lecture:
            app.action_read(lecture, place.get("section") or "")
        elif screen == "quiz":
            app.action_quiz(lecture)
        elif screen == "review":
            app.action_review(lecture)
        elif screen == "practice":
            app.action_practice(str(place.get("kind") or lecture))
        elif screen == "glossary":
            app.action_glossary(str(place.get("term") or ""))
        elif screen in ("demos", "demo"):
            app.action_demos(str(place.get("demo") or place.get("name") or ""))
        elif screen == "stats":
            app.action_stats()
        elif screen == "exercises":
            app.action_exercises(str(place.get("name") or ""))
        else:
            app.action_read(lecture or app.services.course.lectures[0].id)
