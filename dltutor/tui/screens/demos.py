"""Demos: choose one, set its options, watch it learn; pause, step, restart.

The demo engine is the command line's: the form's fields are the option specs of the demo's
registry entry, checked by `options.check` as `dltutor demo NAME` checks them, and a run is the
demo module's `run(**options)` generator, whose `Frame`s are drawn as they come. Training runs in a worker thread, which is also the only
place torch is imported (about a second, the first time): the screen shows the demo's title,
formulas and options at once and says that torch is loading, and it never waits on the worker.
"""

from __future__ import annotations

import asyncio

import importlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import ContentSwitcher, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dltutor.demos.frames import Frame
from dltutor.demos.options import format_value
from dltutor.demos.registry import DEMOS, DemoInfo, find_demo, formulas
from dltutor.render.demo import fmt_named
from dltutor.textsafe import clean_line
from dltutor.tui.widgets.demo_form import DemoForm
from dltutor.tui.widgets.demo_frame import DemoFrameView

State = Literal["loading", "running", "paused", "skipping", "done", "stopped", "failed"]


def load_demo_module(info: DemoInfo) -> Any:
    """The module that runs `info`; importing it imports torch. Called in the worker thread only."""
    return importlib.import_module(info.module)


@dataclass
class DemoRun:
    """One run of a demo: its options, and the controls the UI thread and the worker share.

    The UI sets `paused`, asks for `steps` and sets `cancelled`; the worker checks them between
    frames (never inside one: a frame is computed whole). `wake` cuts the worker's wait short.
    """

    info: DemoInfo
    options: dict[str, Any]
    speed: float
    state: State = "loading"
    frames: int = 0
    last: Frame | None = None
    paused: bool = False
    steps: int = 0
    skipping: bool = False  # e: compute the rest without showing it, then the last frame
    cancelled: threading.Event = field(default_factory=threading.Event)
    wake: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)  # the worker has returned
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self) -> None:
        self.cancelled.set()
        self.wake.set()

    def stopped(self) -> bool:
        return self.cancelled.is_set() or get_current_worker().is_cancelled

    def hold(self, seconds: float) -> None:
        """Show the frame for `seconds`, longer while paused, until a step, a resume or a cancel."""
        deadline = time.monotonic() + seconds
        while not self.stopped() and not self.skipping:
            with self.lock:
                if self.paused and self.steps > 0:
                    self.steps -= 1
                    return
                left = 0.1 if self.paused else deadline - time.monotonic()
            if left <= 0:
                return
            self.wake.wait(min(left, 0.1))  # polls: an app shutting down cancels the worker, not `wake`
            self.wake.clear()


def intro(info: DemoInfo, course: Any, options: dict[str, Any] | None = None) -> Content:
    """What a demo is about, built without torch: title, lecture, formulas, glossary terms, options."""
    from dltutor.course.mathtext import latex_to_unicode

    lecture = course.lecture(info.lecture)
    parts: list[Content | str | tuple[str, str | Style]] = [(clean_line(info.title), "bold"), "\n"]
    where = f"Lecture {lecture.number}: {lecture.title}" if lecture else info.lecture
    parts += [(clean_line(where), Style.from_meta({"@click": f"app.read({info.lecture!r})"}) + Style(underline=True)),
              ("  (l)\n", "$text-muted")]
    parts += [(clean_line(info.summary) + "\n", "italic")]
    last = None
    for latex, source in formulas(info, course):
        if source != last:
            parts.append((("from " + clean_line(source)) if source != "this demo" else "worked out in this demo",
                           "$text-muted italic"))
            parts.append("\n")
            last = source
        for line in latex_to_unicode(latex).split("\n"):
            parts += [("    " + clean_line(line), "$accent"), "\n"]
    terms = [(tid, course.term(tid)) for tid in info.terms]
    terms = [(tid, t) for tid, t in terms if t is not None]
    if terms:
        parts.append(("Glossary: ", "$text-muted"))
        for i, (tid, term) in enumerate(terms):
            if i:
                parts.append(" · ")
            parts.append((clean_line(term.term), Style.from_meta({"@click": f"app.glossary({tid!r})"})
                          + Style(underline=True)))
        parts.append(("  (g)", "$text-muted"))
        parts.append("\n")
    if options is not None:
        flags = {o.name: o.flag for o in info.options}
        shown = "  ".join(f"{flags.get(k, k)} {format_value(v)}" for k, v in options.items())
        parts += [("Options: ", "$text-muted"), clean_line(shown)]
    while parts and parts[-1] == "\n":
        parts.pop()
    return Content.assemble(*parts)


def status(run: DemoRun) -> Content:
    """Two lines over the run: where it is (state, stage, step/total) and its numbers."""
    frame = run.last
    state = {
        "loading": "⧗ loading torch… (about a second, the first time; the app stays responsive)",
        "running": "▶ running (e skips to the end)", "paused": "⏸ paused (p resumes, n steps, e skips to the end)",
        "skipping": "⏭ skipping to the end…", "done": "✓ done (r runs it again)",
        "stopped": "■ stopped (r restarts, o changes the options)", "failed": "✗ failed",
    }[run.state]
    parts: list[Any] = [(clean_line(run.info.name), "bold"), "  ", (state, "bold $accent")]
    if frame is not None:
        parts += ["  ", (clean_line(frame.stage or ""), "bold")]
        if frame.total > 0:
            done = max(0, min(frame.step, frame.total))
            filled = round(16 * done / frame.total)
            parts += ["  ", ("━" * filled, "$accent"), ("━" * (16 - filled), "$text-disabled"),
                      (f" {done}/{frame.total}", "$text-muted")]
        parts.append("\n")
        for key, value in frame.scalars.items():
            parts += [(clean_line(str(key)), "$text-muted"), " " + fmt_named(str(key), value) + "   "]
    return Content.assemble(*parts)


async def _awaited(awaitable: object) -> None:
    await awaitable  # type: ignore[misc]


class DemosScreen(Screen):
    """The demos: a list, a form of options, and a live run of the chosen one."""

    CSS_PATH = "demos.tcss"
    BINDINGS = [
        Binding("enter", "run", "Run"),
        Binding("p", "pause", "Pause/resume"),
        Binding("n", "step", "Step"),
        Binding("e", "end", "End"),
        Binding("r", "restart", "Restart"),
        Binding("o", "options", "Options"),
        Binding("ctrl+c", "stop", "Stop", show=False),
        Binding("escape", "escape", "Back"),
        Binding("l", "lecture", "Lecture"),
        Binding("g", "glossary", "Glossary", show=False),
    ]

    def __init__(self, name: str | None = None) -> None:
        super().__init__()  # `name` is the demo to show first, not the DOM name
        found = find_demo(name) if name else None
        self.unknown = name if name and found is None else None
        self.info: DemoInfo = found or DEMOS[0]
        self.demo_run: DemoRun | None = None
        self.form: DemoForm | None = None  # the chosen demo's (the one being removed may linger a moment)
        self._typed: dict[str, dict[str, str]] = {}  # what the learner typed in each demo's form

    # --- layout ---
    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="chooser"):
            with Horizontal(id="chooser"):
                yield OptionList(*[self._list_entry(d) for d in DEMOS], id="demo-list")
                with VerticalScroll(id="demo-detail"):
                    yield Static(id="demo-intro")
                    yield Static(Content("Options"), classes="demo-heading")
                    yield Vertical(id="form-box")
                    yield Static(Content("Enter runs it · Tab moves between the fields · Esc goes back"),
                                 classes="hint", id="demo-hint")
            with Vertical(id="runner"):
                yield Static(id="run-status")
                yield DemoFrameView(id="run-view")
        yield Footer()

    def _list_entry(self, info: DemoInfo) -> Option:
        lecture = self.app.services.course.lecture(info.lecture)
        where = f"lecture {lecture.number}" if lecture else info.lecture
        return Option(Content.assemble((info.name, "bold"), "\n", ("  " + where, "$text-muted")), id=info.name)

    def on_mount(self) -> None:
        listing = self.query_one("#demo-list", OptionList)
        listing.border_title = "Demos"
        listing.highlighted = [d.name for d in DEMOS].index(self.info.name)
        self._show_demo(self.info)
        listing.focus()
        if self.unknown:
            self.notify(f"No demo named {clean_line(self.unknown)!r}; here are the demos.", severity="warning",
                        markup=False)

    @property
    def mode(self) -> str:
        return self.query_one(ContentSwitcher).current or "chooser"

    def _show_demo(self, info: DemoInfo) -> None:
        if self.form is not None:
            self._typed[self.form.demo] = self.form.values()
            self.form.remove()
        self.info = info
        self.query_one("#demo-intro", Static).update(intro(info, self.app.services.course))
        self.form = DemoForm(info.name, self._typed.get(info.name))
        self._form_mounting = self.query_one("#form-box").mount(self.form)
        self.query_one("#demo-detail").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#demo-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Where the list is now, not where the event says: highlights queued on mount are stale.
        index = self.query_one("#demo-list", OptionList).highlighted
        info = DEMOS[index] if index is not None else None
        if info is not None and info is not self.info:
            self._show_demo(info)

    @on(OptionList.OptionSelected, "#demo-list")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        await self.action_run()

    @on(DemoForm.Submitted)
    async def _submitted(self) -> None:
        await self.action_run()

    # --- running ---
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        running_view = self.mode == "runner"
        if action in ("pause", "step", "end"):
            return running_view and self.demo_run is not None and self.demo_run.state in ("loading", "running", "paused")
        if action in ("restart", "options"):
            return running_view
        if action == "run":
            return not running_view
        return True

    async def action_run(self) -> None:
        """Check the form as the command line would, then start the run (or show what is wrong)."""
        form = self.form
        if form is None:
            return
        if not form.is_mounted:  # Enter typed right after moving to another demo: its form is on the way
            try:  # wait for it, but never spin: a form that does not arrive is not run
                await asyncio.wait_for(_awaited(self._form_mounting), 1.0)
            except Exception:
                pass
            if form is not self.form or not form.is_mounted:
                return
        checked = form.check()
        if checked is None:
            return
        options, speed = checked
        info = find_demo(form.demo)
        assert info is not None
        self.app.services.record("demo", info.name)
        self._start(DemoRun(info, options, speed))

    def _start(self, run: DemoRun) -> None:
        if self.demo_run is not None:
            self.demo_run.cancel()
        self.demo_run = run
        self.query_one(ContentSwitcher).current = "runner"
        view = self.query_one(DemoFrameView)
        view.clear(intro(run.info, self.app.services.course, run.options))
        view.focus()
        self._show_status()
        self.refresh_bindings()
        self._play(run)

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def _play(self, run: DemoRun) -> None:
        """The worker: import the demo (and torch), then compute frames and hand each to the UI thread."""
        frames = None
        try:
            module = load_demo_module(run.info)
            if run.stopped():
                return
            frames = module.run(**run.options)
            for frame in frames:
                if run.stopped():
                    return
                if run.skipping and frame.summary is None:
                    continue  # skipping to the end: computed, not drawn
                self.app.call_from_thread(self._show_frame, run, frame)
                if frame.summary is not None:
                    return
                run.hold(frame.pause / run.speed)
        except Exception as exc:  # a bug in a demo: say so on screen rather than lose the thread silently
            if not run.stopped():
                self.app.call_from_thread(self._failed, run, exc)
        finally:
            if frames is not None:
                frames.close()
            run.finished.set()

    def _show_frame(self, run: DemoRun, frame: Frame) -> None:
        if run is not self.demo_run or not self.is_attached:
            return  # a frame of a run that was stopped or replaced
        run.frames += 1
        run.last = frame
        before = run.state
        if frame.summary is not None:
            run.state = "done"
        elif run.state == "loading":
            run.state = "paused" if run.paused else "running"
        self.query_one(DemoFrameView).show(frame)
        self._show_status()
        if run.state != before:
            self.refresh_bindings()  # the footer is rebuilt: only when the keys that apply change

    def _failed(self, run: DemoRun, exc: Exception) -> None:
        if run is not self.demo_run:
            return
        run.state = "failed"
        self._show_status()
        self.notify(clean_line(f"The demo stopped with an error: {exc!r}"), severity="error", markup=False)

    def _show_status(self) -> None:
        if self.demo_run is not None:
            self.query_one("#run-status", Static).update(status(self.demo_run))

    def action_pause(self) -> None:
        run = self.demo_run
        if run is None or run.state in ("done", "stopped", "failed"):
            return
        with run.lock:
            run.paused = not run.paused
            run.steps = 0
        if run.state != "loading":
            run.state = "paused" if run.paused else "running"
        run.wake.set()
        self._show_status()

    def action_step(self) -> None:
        """One frame more; a running demo pauses after it."""
        run = self.demo_run
        if run is None or run.state in ("done", "stopped", "failed"):
            return
        with run.lock:
            run.paused = True
            run.steps += 1
        if run.state != "loading":
            run.state = "paused"
        run.wake.set()
        self._show_status()

    def action_end(self) -> None:
        """Skip to the end: the rest of the run is computed at once and only its last frame drawn."""
        run = self.demo_run
        if run is None or run.state not in ("loading", "running", "paused"):
            return
        with run.lock:
            run.skipping = True
            run.paused = False
        run.state = "skipping"
        run.wake.set()
        self._show_status()
        self.refresh_bindings()

    def action_restart(self) -> None:
        if self.demo_run is not None:
            self._start(DemoRun(self.demo_run.info, self.demo_run.options, self.demo_run.speed))

    def action_stop(self) -> None:
        run = self.demo_run
        if run is not None and run.state in ("loading", "running", "paused", "skipping"):
            run.cancel()
            run.state = "stopped"
            self._show_status()
            self.refresh_bindings()

    def action_options(self) -> None:
        self.action_stop()
        self.query_one(ContentSwitcher).current = "chooser"
        self.refresh_bindings()
        self.query_one("#demo-list").focus()

    def action_escape(self) -> None:
        """Esc stops a run and goes back to the form; from the form, back to the previous screen."""
        if self.mode == "runner":
            self.action_options()
        else:
            self.app.action_back()

    def action_lecture(self) -> None:
        self.app.action_read(self.info.lecture)

    def action_glossary(self) -> None:
        self.app.action_glossary(self.info.terms[0] if self.info.terms else "")

    def on_unmount(self) -> None:
        if self.demo_run is not None:
            self.demo_run.cancel()
