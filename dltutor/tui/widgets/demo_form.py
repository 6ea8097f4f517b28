"""A demo's options as a form: one field per `Option` spec of its registry entry, and the speed.

The fields, defaults and help come from the specs (dltutor.demos.options), and a filled form is
checked by `options.check`, the same check `dltutor demo NAME` runs: one set of options and one
set of checks for the command line and the app, and no Typer here. Nothing here imports torch.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from dltutor.demos.options import BadOption, Option, check, fields
from dltutor.demos.registry import find_demo
from dltutor.textsafe import clean_line

_FLAG = re.compile(r"^(--[a-z][a-z0-9-]*)")


class DemoForm(Vertical):
    """Inputs for one demo's options; `check()` gives what to run, or marks the fields at fault."""

    DEFAULT_CSS = """
    DemoForm { height: auto; }
    DemoForm .demo-field { height: 1; }
    DemoForm .demo-flag { width: 14; color: $text-muted; }
    DemoForm Input { width: 14; }
    DemoForm .demo-help { width: 1fr; color: $text-muted; padding-left: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    DemoForm .demo-error { color: $text-error; padding-left: 14; height: auto; display: none; }
    DemoForm .demo-error.-shown { display: block; }
    DemoForm .-invalid { color: $text-error; }
    """

    class Submitted(Message):
        """Enter in a field: the form asks to run."""

    def __init__(self, demo: str, values: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.demo = demo
        info = find_demo(demo)
        assert info is not None, demo
        self.info = info
        self.fields: tuple[Option, ...] = fields(info)
        self._values = values or {}

    def compose(self) -> ComposeResult:
        for f in self.fields:
            with Horizontal(classes="demo-field"):
                yield Label(Content(f.flag), classes="demo-flag")
                yield Input(self._values.get(f.name, f.text), compact=True, id=f"opt-{f.name}",
                            tooltip=clean_line(f.help) or None, select_on_focus=False)
                yield Label(Content(clean_line(f.help)), classes="demo-help")
            yield Static("", classes="demo-error", id=f"err-{f.name}")

    def values(self) -> dict[str, str]:
        """What the learner typed, by parameter name (to keep it across a restart of the screen)."""
        inputs = {i.id: i.value for i in self.query(Input)}
        return {f.name: inputs[f"opt-{f.name}"] for f in self.fields if f"opt-{f.name}" in inputs} or self._values

    def reset(self) -> None:
        for f in self.fields:
            self.query_one(f"#opt-{f.name}", Input).value = f.text
        self._clear_errors()

    def check(self) -> tuple[dict[str, Any], float] | None:
        """The demo's options and speed, checked as the command line checks them; None after marking errors."""
        self._clear_errors()
        typed: dict[str, Any] = {}
        for f in self.fields:
            text = self.query_one(f"#opt-{f.name}", Input).value
            try:
                typed[f.name] = f.parse(text)
            except BadOption as exc:
                self._mark(f.name, str(exc))
        if self.errors:
            return None
        try:
            return check(self.info, typed)
        except BadOption as exc:
            message = str(exc)
            match = _FLAG.match(message)
            by_flag = {f.flag: f.name for f in self.fields}
            self._mark(by_flag.get(match.group(1) if match else "", self.fields[0].name), message)
            return None

    @property
    def errors(self) -> dict[str, str]:
        """Field name -> the message shown next to it."""
        return dict(self._errors)

    _errors: dict[str, str] = {}

    def _mark(self, name: str, message: str) -> None:
        self._errors = {**self._errors, name: message}
        error = self.query_one(f"#err-{name}", Static)
        error.update(Content(clean_line(message)))
        error.add_class("-shown")
        field = self.query_one(f"#opt-{name}", Input)
        field.add_class("-invalid")
        if len(self._errors) == 1:
            field.focus()

    def _clear_errors(self) -> None:
        self._errors = {}
        for f in self.fields:
            self.query_one(f"#err-{f.name}", Static).remove_class("-shown")
            self.query_one(f"#opt-{f.name}", Input).remove_class("-invalid")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())
