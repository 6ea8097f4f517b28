"""The review screen: `dltutor review` in the app, on the same `ReviewSession` and the same store.

A card's front; space shows its back and the four ratings with the interval each would give;
1-4 rates, and the rating is committed before the next card is shown; u takes the last rating
back. When nothing more is due it says when the next card is; leaving tells what was done.
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from dltutor.study.wording import nothing_due, plain, review_summary
from dltutor.textsafe import clean_text

RATING_VARIANT = {1: "error", 2: "warning", 3: "success", 4: "primary"}


def shown(text: str) -> str:
    return clean_text(plain(text))


class ReviewScreen(Screen):
    """The cards due now, all lectures or one; each rating saved as it is given."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("enter", "reveal", "Show answer", show=False),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
        *(Binding(key, f"rate({n})", show=False) for key, n in (("a", 1), ("h", 2), ("g", 3), ("e", 4))),
        Binding("u", "undo", "Undo"),
        Binding("q", "app.back", "Stop", show=False),
    ]

    def __init__(self, lecture_id: str | None = None) -> None:
        super().__init__()
        self.lecture_id = lecture_id
        self.session: Any = None
        self.card: Any = None  # the ShownCard on screen, None when nothing is due
        self.state = "front"  # front → back → (rated) front ...; done when nothing is due
        self._shown_at = self._opened = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-counts", classes="title")
        with Vertical(id="review-stage"):
            with VerticalScroll(id="review-card"):
                yield Static(id="review-front")
                yield Static(id="review-back")
            with Horizontal(id="review-ratings"):
                for n in range(1, 5):
                    button = Button("", id=f"rate-{n}", variant=RATING_VARIANT[n], compact=True)
                    button.can_focus = False  # space and Enter belong to the screen, not to a button
                    yield button
            yield Static(id="review-message", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        from dltutor.study.session import ReviewSession

        services = self.app.services
        self.settings = services.settings
        self.session = ReviewSession(services.conn, services.course, self.settings, lecture=self.lecture_id,
                                     clock=services.clock)
        self._say("Space shows the answer · 1-4 rate it · u undoes the last rating · Esc leaves")
        self._next()

    # --- what is on screen ---
    def _counts(self) -> None:
        from dltutor.store import progress

        session = self.session
        now = session.clock()
        due = progress.count_due(session.conn, now, self.lecture_id)
        new = progress.new_available(session.conn, now, self.settings.limits(), self.lecture_id)
        scope = (f"Lecture {self.app.services.course.lecture(self.lecture_id).number}" if self.lecture_id
                 else "all lectures")
        done = f" · {self.session.summary.reviewed} rated" if self.session.summary.reviewed else ""
        self.query_one("#review-counts", Static).update(Content(f"Review · {scope} · {due} due · {new} new today{done}"))

    def _next(self) -> None:
        """Show the next due card's front, or say that nothing is due."""
        self.card = self.session.next()
        self._counts()
        front = self.query_one("#review-front", Static)
        back = self.query_one("#review-back", Static)
        panel = self.query_one("#review-card", VerticalScroll)
        self.query_one("#review-ratings").display = False
        back.display = False
        if self.card is None:
            self.state = "done"
            panel.border_title = "Done for now"
            panel.set_class(True, "-done")
            front.update(self._done_content())
        else:
            self.state = "front"
            content = self.card.content
            panel.border_title = content.label + ("  · leech" if self.card.card.leech else "")
            panel.set_class(False, "-done")
            front.update(Content(shown(content.front)))
            self._shown_at = time.monotonic()
        panel.scroll_home(animate=False)
        self.refresh_bindings()

    def _done_content(self) -> Content:
        """What `dltutor review` says at the end: what was done, and when the next card is due."""
        session = self.session
        now = session.clock()
        lines: list[Any] = []
        line = review_summary(session.summary, time.monotonic() - self._opened)
        if line:
            lines += [(line, "bold"), "\n"]
        line, more = nothing_due(session.next_due(), now, session.new_waiting(), self.settings.new_per_day)
        lines.append(line)
        if more:
            lines.append((f"\n\n{more}", "dim"))
        return Content.assemble(*lines)

    def _say(self, text: str) -> None:
        self.query_one("#review-message", Static).update(Content(text))

    # --- keys ---
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.state == "front"
        if action == "rate":
            return self.state == "back"
        if action == "undo":
            return True if self.session is not None and self.session.can_undo else None
        return True

    def action_reveal(self) -> None:
        if self.state != "front":
            return
        from dltutor.study.scheduler import RATING_NAMES, describe_interval

        self.state = "back"
        back = self.query_one("#review-back", Static)
        back.update(Content(shown(self.card.content.back)))
        back.display = True
        for rating, delta in self.session.intervals(self.card).items():
            button = self.query_one(f"#rate-{rating}", Button)
            button.label = f"{rating} {RATING_NAMES[rating]} · {describe_interval(delta)}"
        self.query_one("#review-ratings").display = True
        if not self.session.summary.reviewed:
            self._say("How well did you recall it? Press 1-4 (or a/h/g/e), or click a rating.")
        self.refresh_bindings()

    def action_rate(self, rating: int) -> None:
        if self.state != "back":
            return
        from dltutor.study import wording

        card = self.card
        rated = self.session.rate(card, rating, duration_ms=int((time.monotonic() - self._shown_at) * 1000))
        # Said only after the rating is committed: what the learner sees as saved is saved.
        message = wording.rated(rating, rated.after.schedule.due, self.session.clock())
        if rated.became_leech:
            message += "\n" + wording.leech(rated.after.schedule.lapses, rated.after.id)
            self.notify("This card is a leech; see below.", severity="warning", timeout=4)
        self._say(message)
        self._next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(int(event.button.id[-1]))

    def action_undo(self) -> None:
        if self.session.undo() is None:
            self._say("Nothing to undo in this session.")
            self.refresh_bindings()
            return
        self._say("↶ Undone: the last rating is taken back; that card comes again.")
        self._next()

    def on_unmount(self) -> None:
        """Leaving: say what this sitting did (every rating is saved already)."""
        if self.session is None:
            return
        summary = self.session.finish()
        line = review_summary(summary, summary.seconds)
        if line:
            if summary.leeches:
                line += f"\nLeeches flagged: {', '.join(summary.leeches)}"
            self.app.notify(line, title="Review", timeout=5)
