"""The essay screen: `dltutor essay` in the app, on the same `EssayDesk`, working files and store.

The prompt above, a text area to write in, and below it the word count and the checklist of the
prompt's key points (addressed, missing, contradicted or not sure) and the misconceptions stated, checked again a moment after typing
stops (in a worker thread: a long essay never freezes the screen). What is typed reaches the
working file within half a second, so a closed terminal loses nothing; Ctrl+S saves a version,
Ctrl+R marks the essay done, and leaving the screen saves what changed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from dltutor.study.essay import MARK, WORD, check_essay, normalise, summary_line
from dltutor.study.wording import plain
from dltutor.textsafe import clean_line, clean_text

AUTOSAVE_SECONDS = 0.5  # typing reaches the working file this soon
CHECK_SECONDS = 1.0  # the checklist is checked again this long after typing stops

STATUS_STYLE = {"addressed": "green", "missing": "dim", "contradicted": "red", "unsure": "yellow"}


def checklist_text(checklist: Any) -> Text:
    out = Text()
    for p in checklist.points:
        out.append(f"{MARK[p.status]} {WORD[p.status]:<12}", style=STATUS_STYLE[p.status])
        out.append(clean_line(plain(p.point)))
        if p.quote:
            out.append(f"  “{clean_line(p.quote)}”", style="dim")
        out.append("\n")
    for m in checklist.misconceptions:
        out.append("✗ misconception ", style="red")
        out.append(f"“{clean_line(m.quote)}”: ", style="dim")
        out.append(clean_line(plain(m.correction)) + "\n")
    out.rstrip()
    return out


class EssayScreen(Screen):
    """One essay: the named prompt, or the next one not written (of a lecture, or of the course)."""

    CSS_PATH = "essay.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "done", "Mark done"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, lecture_id: str | None = None, number: int | None = None) -> None:
        super().__init__()
        self.lecture_id, self.number = lecture_id, number
        self.desk: Any = None
        self.ref: Any = None
        self.working: Any = None
        self.saved_text = ""  # the latest version's text: what "changed" is measured against
        self.done = False
        self.text = ""  # what the text area holds, kept for leaving (its widget is gone by then)
        self._autosave: Any = None
        self._recheck: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="essay-prompt")
        yield TextArea(id="essay-text", soft_wrap=True, show_line_numbers=False)
        yield Static(id="essay-status", classes="hint")
        yield Static(id="essay-checklist")
        yield Footer()

    def on_mount(self) -> None:
        from dltutor.study.writing import EssayDesk, stored_checklist

        services = self.app.services
        self.desk = desk = EssayDesk(services.conn, services.course, clock=services.clock)
        for found in desk.recover():
            if found.saved is not None:
                self.notify(f"Recovered unsaved text of {found.ref.label} as version {found.saved.version.number}.",
                            markup=False)
        self.ref = self._pick(desk, services.course)
        area = self.query_one(TextArea)
        if self.ref is None:
            self.query_one("#essay-prompt", Static).update(Text("Every essay is done. Open one from the palette "
                                                                "(Ctrl+P, “Essay”) to write it again."))
            area.display = False
            return
        latest = desk.latest(self.ref)
        self.saved_text = latest.text if latest else ""
        self.done = bool(latest and latest.done_at)
        self.working = desk.open_working_file(self.ref, "app")
        self.sub_title = self.ref.label
        self.query_one("#essay-prompt", Static).update(Text.assemble(
            (f"{self.ref.label} · {clean_line(self.ref.lecture.title)}\n", "dim"),
            (clean_text(plain(self.ref.prompt.prompt)), "bold")))
        self.text = self.saved_text
        area.load_text(self.saved_text)
        area.focus()
        self._show(stored_checklist(latest) if latest else check_essay("", self.ref.prompt))

    def _pick(self, desk: Any, course: Any) -> Any:
        if self.lecture_id and self.number:
            return desk.ref(self.lecture_id, self.number)
        chosen = desk.next_prompt(self.lecture_id)
        if chosen is None and self.lecture_id:
            chosen = next((r for r in desk.refs if r.lecture_id == self.lecture_id), None)
        return chosen

    # --- showing ---
    def _state(self) -> str:
        text = normalise(self.text)
        if text != self.saved_text:
            return "not saved yet (Ctrl+S)"
        if not text:
            return "nothing written yet"
        return "done" if self.done else "draft (Ctrl+R: done)"

    def _show(self, checklist: Any) -> None:
        self.query_one("#essay-status", Static).update(Text(f"{summary_line(checklist)} · {self._state()}"))
        self.query_one("#essay-checklist", Static).update(checklist_text(checklist))

    # --- typing ---
    @on(TextArea.Changed, "#essay-text")
    def _typed(self, event: TextArea.Changed) -> None:
        if self.working is None:
            return
        self.text = event.text_area.text
        for timer in (self._autosave, self._recheck):
            if timer is not None:
                timer.stop()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._write_working_file)
        self._recheck = self.set_timer(CHECK_SECONDS, self._check)

    def _write_working_file(self) -> None:
        if self.working is not None:
            self.working.replace(self.text)

    def _check(self) -> None:
        self._check_in_background(self.text)

    @work(thread=True, exclusive=True, group="essay-check")
    def _check_in_background(self, text: str) -> None:
        checklist = check_essay(normalise(text), self.ref.prompt)
        self.app.call_from_thread(self._checked, text, checklist)

    def _checked(self, text: str, checklist: Any) -> None:
        if self.is_mounted and self.text == text:  # not overtaken by more typing
            self._show(checklist)

    # --- saving ---
    def _save(self) -> Any:
        saved = self.desk.save(self.ref, normalise(self.text), "app", where=self.working.path)
        if saved is not None:
            self.saved_text, self.done = saved.version.text, False
            self.working.replace(self.text)
        return saved

    def action_save(self) -> None:
        if self.ref is None:
            return
        saved = self._save()
        if saved is None:
            self.notify("No change: nothing new to save." if self.saved_text else "Nothing written yet.")
            self._show(check_essay(self.saved_text, self.ref.prompt))
            return
        self.notify(f"Saved as version {saved.version.number}.", markup=False)
        self._show(saved.checklist)

    def action_done(self) -> None:
        if self.ref is None:
            return
        saved = self._save()
        if not self.saved_text:
            self.notify("Write something first: an empty essay cannot be done.", severity="warning")
            return
        version = self.desk.mark_done(self.ref)
        self.done = True
        self.notify(f"Marked done (version {version.number}).", markup=False)
        from dltutor.study.writing import stored_checklist

        self._show(saved.checklist if saved is not None else stored_checklist(version))

    def action_leave(self) -> None:
        """Save first, then go back: the screen below reads the store as soon as it is shown."""
        self._finish()
        self.app.action_back()

    def on_unmount(self) -> None:
        self._finish()  # the app closing with the essay open

    def _finish(self) -> None:
        """Leaving the screen (or the app) saves what changed as a version; the working file goes."""
        if self.working is None:
            return
        for timer in (self._autosave, self._recheck):
            if timer is not None:
                timer.stop()
        self.working.replace(self.text)
        self.desk.finish(self.working)
        self.working = None
