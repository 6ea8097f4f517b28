"""Exercises: the list with progress, the current exercise's task, its live check output and its hints.

The workspace is the one `dltutor exercise` uses: found from the current folder up, else the one
used last. A worker thread owns the workspace and a warm checker (the process that imports
torch; this one never does): it drives the same `Watch` loop as `dltutor exercise watch`,
so each save of the file is checked within a fraction of a second and a pass moves on. The UI
thread only sends it requests (check, switch, hint, solution) and draws the snapshots it
sends back, so no file or database work ever happens on both threads at once.
"""

from __future__ import annotations

import ast
import queue
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dltutor.exercises.registry import EXERCISES, ExerciseInfo, find_exercise
from dltutor.textsafe import clean_line, clean_text

MARKS = {"passed": ("✓", "$success"), "failing": ("✗", "$error"), "edited": ("…", "$warning"),
         "new": ("·", "$text-muted"), "missing": ("!", "$error")}


@dataclass
class Snapshot:
    """What the worker saw, for the UI thread to draw."""

    root: Path
    statuses: dict[str, str]
    current: ExerciseInfo
    verdict: Any = None  # wording.Verdict of the current exercise's last check, if any
    seconds: float = 0.0
    checking: bool = False
    hints: list[tuple[int, list[str]]] = field(default_factory=list)
    solution: str | None = None
    note: str = ""


def task(info: ExerciseInfo) -> str:
    """The stub's docstring: what the exercise asks, in the learner's file's own words."""
    return ast.get_docstring(ast.parse(info.source("stub"))) or info.title


class ExercisesScreen(Screen):
    CSS_PATH = "exercises.tcss"
    BINDINGS = [
        Binding("r", "recheck", "Check again"),
        Binding("h", "hint", "Hint"),
        Binding("s", "solution", "Solution"),
        Binding("n", "next", "Next"),
        Binding("l", "lecture", "Lecture"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, name: str | None = None, directory: Path | None = None) -> None:
        super().__init__()
        self.wanted = find_exercise(name) if name else None
        self.directory = directory
        self.snapshot: Snapshot | None = None
        self.requests: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.workspace: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="exercises"):
            yield OptionList(*[self._entry(ex, "new") for ex in EXERCISES], id="exercise-list")
            with VerticalScroll(id="exercise-detail"):
                yield Static(id="exercise-status")
                yield Static(id="exercise-result")
                yield Static(id="exercise-hints")
                yield Static(id="exercise-task")
        yield Footer()

    def _entry(self, info: ExerciseInfo, status: str) -> Option:
        mark, colour = MARKS[status]
        return Option(Content.assemble((mark, colour), f" {info.number:>2} ", (info.name, "bold")), id=info.name)

    def on_mount(self) -> None:
        from dltutor.exercises.workspace import discover, find_root, load

        listing = self.query_one("#exercise-list", OptionList)
        listing.border_title = "Exercises"
        root = find_root(self.directory) if self.directory is not None else None
        self.workspace = load(root) if root is not None else discover()
        if self.workspace is None:
            self.query_one("#exercise-status", Static).update(Content.assemble(
                ("No exercises workspace yet.", "bold"), "\n",
                "Make one in a terminal with  dltutor exercise init  (then run dltutor from inside it, or come "
                "back here: the last one used is found from anywhere)."))
            self._show_task(self.wanted or EXERCISES[0])
            return
        first = self.wanted or self.workspace.current()
        listing.highlighted = first.number - 1
        self._show_task(first)
        self.query_one("#exercise-status", Static).update(Content.assemble(
            (f"{first.title}", "bold"), "\n", ("starting the checker (it imports torch, about a second)…", "$text-muted")))
        listing.focus()
        self._work(self.workspace, first)

    # --- the worker: the one thread that touches the workspace and the checker ---
    @work(thread=True, exclusive=True, group="exercises", exit_on_error=False)
    def _work(self, workspace: Any, first: ExerciseInfo) -> None:
        from dltutor.exercises.runner import Checker
        from dltutor.exercises.watch import POLL, Watch

        worker = get_current_worker()
        checker = Checker()
        try:
            session = Watch(workspace, checker, first)
            self._post(session, checking=True)
            session.start()
            self._post(session)
            while not worker.is_cancelled:
                try:
                    request, arg = self.requests.get(timeout=POLL)
                except queue.Empty:
                    request, arg = "", None
                note = ""
                if request:
                    note = self._handle(session, request, arg)
                if worker.is_cancelled:
                    break
                events = session.poll()
                if request or events:
                    self._post(session, note=note)
        finally:
            checker.close()

    def _handle(self, session: Any, request: str, arg: Any) -> str:
        from dltutor.exercises import wording

        course = self.app.services.course
        if request == "switch" and arg is not session.exercise:
            self._post(session, checking=True, exercise=arg)
            session.switch(arg)
        elif request == "check":
            self._post(session, checking=True)
            session.check()
        elif request == "next":
            following = session.workspace.next_after(session.exercise)
            if following is None:
                return "Every exercise has passed."
            session.switch(following)
        elif request == "hint":
            wording.next_hint(session.workspace, session.exercise, course)
        elif request == "solution":
            allowed, why = session.workspace.solution_allowed(session.exercise)
            if not allowed:
                return why
            self._solution = (session.exercise.name, why)
        return ""

    _solution: tuple[str, str] | None = None

    def _post(self, session: Any, *, checking: bool = False, note: str = "", exercise: ExerciseInfo | None = None) -> None:
        from dltutor.exercises import wording
        from dltutor.exercises.runner import CheckResult

        ws = session.workspace
        info = exercise or session.exercise
        state = ws.state(info)
        last = CheckResult.from_json(info.name, state.last) if state.last else None
        course = self.app.services.course
        solution = None
        if self._solution is not None and self._solution[0] == info.name:
            solution = (self._solution[1] + "\n\n" if self._solution[1] else "") + info.source("solution")
        snap = Snapshot(
            root=ws.root, statuses={ex.name: ws.status(ex) for ex in EXERCISES}, current=info,
            verdict=wording.verdict(info, last) if last is not None else None, seconds=last.seconds if last else 0.0,
            checking=checking, note=note, solution=solution,
            hints=[(t, wording.shown_hint(ws, info, course, t)) for t in range(1, state.hints + 1)])
        try:
            self.app.call_from_thread(self._draw, snap)
        except RuntimeError:  # the app is closing
            pass

    # --- drawing (UI thread) ---
    def _draw(self, snap: Snapshot) -> None:
        if not self.is_attached:
            return
        before = self.snapshot
        self.snapshot = snap
        listing = self.query_one("#exercise-list", OptionList)
        if before is None or before.statuses != snap.statuses:
            keep = listing.highlighted
            listing.clear_options()
            listing.add_options([self._entry(ex, snap.statuses[ex.name]) for ex in EXERCISES])
            listing.highlighted = keep
        if before is None or before.current is not snap.current:
            listing.highlighted = snap.current.number - 1
            self._show_task(snap.current)
        self._show_status(snap)
        self._show_result(snap)
        self._show_hints(snap)
        if snap.note:
            self.notify(clean_line(snap.note), markup=False, severity="warning")

    def _show_task(self, info: ExerciseInfo) -> None:
        self.query_one("#exercise-task", Static).update(Content.assemble(
            ("Task", "bold $accent"), "\n", clean_text(task(info))))

    def _show_status(self, snap: Snapshot) -> None:
        info = snap.current
        done = sum(s == "passed" for s in snap.statuses.values())
        lecture = self.app.services.course.lecture(info.lecture)
        where = f"lecture {lecture.number}" if lecture else info.lecture
        state = "checking…" if snap.checking else "watching your file: each save is checked"
        self.query_one("#exercise-status", Static).update(Content.assemble(
            (f"{info.number}. {info.title}", "bold"), ("  " + where, "$text-muted"), "\n",
            clean_line(str(snap.root / info.file)), "\n",
            (f"{done} of {len(EXERCISES)} passed · {state}", "$text-muted")))

    def _show_result(self, snap: Snapshot) -> None:
        v = snap.verdict
        box = self.query_one("#exercise-result", Static)
        if v is None:
            box.update(Content.assemble(("Not checked yet: ", "bold"), "replace the TODO in your file and save."))
            return
        parts: list[Any] = []
        if v.passed:
            parts += [("✓ passed", "bold $success"), f"  {clean_line(v.diagnosis)} ({snap.seconds:.2f} s)"]
        else:
            parts += [(f"✗ {v.label}", "bold $error"), "\n", clean_text(v.diagnosis)]
            if v.traceback:
                parts += ["\n", (clean_text(v.traceback), "$text-muted")]
            if v.hint:
                parts += ["\n", ("Hint: ", "bold"), clean_text(v.hint)]
        if v.output.strip():
            parts += ["\n", ("Your code printed:", "$text-muted"), "\n", clean_text(v.output.rstrip()[:800])]
        box.update(Content.assemble(*parts))

    def _show_hints(self, snap: Snapshot) -> None:
        from dltutor.exercises.wording import TIERS

        parts: list[Any] = []
        for tier, lines in snap.hints:
            parts += [(f"Hint {tier} of {len(TIERS)}", "bold $accent"), "\n", clean_text("\n".join(lines)), "\n"]
        if snap.solution is not None:
            parts += [("Reference solution", "bold $accent"), "\n", clean_text(snap.solution)]
        if not parts:
            parts = [("h shows a hint: a nudge, the lecture, the formula, then what your code does.", "$text-muted")]
        self.query_one("#exercise-hints", Static).update(Content.assemble(*parts))

    # --- keys ---
    def _ask(self, request: str, arg: Any = None) -> None:
        if self.workspace is None:
            self.notify("Make a workspace first: dltutor exercise init", severity="warning", markup=False)
            return
        self.requests.put((request, arg))

    @on(OptionList.OptionSelected, "#exercise-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        info = find_exercise(str(event.option.id))
        if info is not None:
            self._show_task(info)
            self._ask("switch", info)

    def action_recheck(self) -> None:
        self._ask("check")

    def action_hint(self) -> None:
        self._ask("hint")

    def action_solution(self) -> None:
        self._ask("solution")

    def action_next(self) -> None:
        self._ask("next")

    def action_lecture(self) -> None:
        info = self.snapshot.current if self.snapshot else (self.wanted or EXERCISES[0])
        self.app.action_read(info.lecture)
