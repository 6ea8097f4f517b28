"""The dltutor app: a thin shell that pushes screens. One factory, `make_app`, serves `dltutor` and the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from dltutor.tui.services import Services


class DltutorApp(App[None]):
    """Read, practise, review and watch demos; every screen is one key from the home screen."""

    CSS_PATH = "app.tcss"
    TITLE = "dltutor"
    SUB_TITLE = "deep learning, from the terminal"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: Services | None = None) -> None:
        super().__init__()
        self.services = services or Services()
        self.fatal: str | None = None  # why the store stopped the app, said by `dltutor` after it closes

    def _handle_exception(self, error: Exception) -> None:
        # A save or read of the progress database that failed (full disk, read-only or damaged file)
        # closes the app with the same one line the commands print, instead of a traceback.
        import sqlite3

        from dltutor.store.errors import DatabaseError

        if isinstance(error, (DatabaseError, sqlite3.Error)):
            from dltutor.store.db import explain

            self.fatal = str(explain(error))
            self.exit(return_code=2)
            return
        super()._handle_exception(error)

    def on_mount(self) -> None:
        from dltutor.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    def on_unmount(self) -> None:
        self.services.close()

    # --- navigation: the actions every screen, binding and palette entry uses ---
    def _open(self, screen: Screen) -> None:
        self.push_screen(screen)

    def action_home(self) -> None:
        from dltutor.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def action_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_read(self, lecture_id: str, section: str = "") -> None:
        from dltutor.tui.screens.reader import ReaderScreen

        self._open(ReaderScreen(lecture_id, section or None))

    def action_quiz(self, lecture_id: str = "", wrong: bool = False) -> None:
        from dltutor.tui.screens.quiz import QuizScreen

        self._open(QuizScreen(lecture_id or None, wrong=wrong))

    def action_essay(self, lecture_id: str = "", number: str = "") -> None:
        from dltutor.tui.screens.essay import EssayScreen

        self._open(EssayScreen(lecture_id or None, int(number) if str(number).isdigit() else None))

    def action_practice(self, scope: str = "") -> None:
        """Problems with fresh numbers: a kind, a lecture's kinds, or (empty) all lectures mixed."""
        from dltutor.tui.screens.practice import PracticeScreen

        self._open(PracticeScreen(scope or "all"))

    def action_review(self, lecture_id: str = "") -> None:
        from dltutor.tui.screens.review import ReviewScreen

        self._open(ReviewScreen(lecture_id or None))

    def action_glossary(self, term_id: str = "") -> None:
        from dltutor.tui.screens.glossary import GlossaryScreen

        self._open(GlossaryScreen(term_id or None))

    def action_demos(self, name: str = "") -> None:
        from dltutor.tui.screens.demos import DemosScreen

        self._open(DemosScreen(name or None))

    def action_exercises(self, name: str = "") -> None:
        from dltutor.tui.screens.exercises import ExercisesScreen

        self._open(ExercisesScreen(name or None))

    def action_stats(self) -> None:
        from dltutor.tui.screens.stats import StatsScreen

        self._open(StatsScreen())

    def action_help(self) -> None:
        from dltutor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- the command palette (ctrl+p) ---
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Home", "The lectures, your progress and what is due", self.action_home)
        yield SystemCommand("Review due cards", "Flashcards scheduled by FSRS", self.action_review)
        yield SystemCommand("Quiz: all lectures", "Ten questions, weighted towards your weak lectures",
                            self.action_quiz)
        yield SystemCommand("Practice: all lectures", "Problems with fresh numbers, weighted towards your weak lectures",
                            self.action_practice)
        yield SystemCommand("Essays", "Write on the next prompt you have not written, checked against its key points",
                            self.action_essay)
        yield SystemCommand("Glossary", "Search the terms as you type", self.action_glossary)
        yield SystemCommand("Demos", "Watch a perceptron, gradient descent or backprop learn", self.action_demos)
        yield SystemCommand("Stats", "Due cards, reviews per day, retention, mastery", self.action_stats)
        yield SystemCommand("Exercises", "Write the course's functions; each save is checked against torch",
                            self.action_exercises)
        yield SystemCommand("Keys", "Every key of every screen", self.action_help)
        for lec in self.services.course.lectures:
            yield SystemCommand(f"Read lecture {lec.number}: {lec.title}", "Open it in the reader",
                                lambda lid=lec.id: self.action_read(lid))
            yield SystemCommand(f"Quiz: lecture {lec.number}", lec.title, lambda lid=lec.id: self.action_quiz(lid))
            yield SystemCommand(f"Practice: lecture {lec.number}", f"Problems on {lec.title}",
                                lambda lid=lec.id: self.action_practice(lid))
            for p in lec.essay_prompts:
                yield SystemCommand(f"Essay: lecture {lec.number}, prompt {p.number}", p.prompt,
                                    lambda lid=lec.id, n=p.number: self.action_essay(lid, str(n)))
        from dltutor.study.practice.kinds import KINDS

        for kind in KINDS.values():
            yield SystemCommand(f"Practice: {kind.NAME}", f"Lecture {kind.LECTURE.rsplit('-', 1)[-1]}: {kind.SUMMARY}",
                                lambda name=kind.NAME: self.action_practice(name))
        from dltutor.demos.registry import DEMOS

        for demo in DEMOS:
            yield SystemCommand(f"Demo: {demo.name}", demo.summary, lambda n=demo.name: self.action_demos(n))
        from dltutor.exercises.registry import EXERCISES

        for ex in EXERCISES:
            yield SystemCommand(f"Exercise {ex.number}: {ex.name}", ex.title, lambda n=ex.name: self.action_exercises(n))


def make_app(*, home: Path | None = None, clock: Callable[[], datetime] | None = None) -> DltutorApp:
    """The app as `dltutor` runs it; tests pass a data directory and a frozen clock."""
    services = Services(db_path=(home / "progress.db") if home is not None else None)
    if clock is not None:
        services.clock = clock
    return DltutorApp(services)
