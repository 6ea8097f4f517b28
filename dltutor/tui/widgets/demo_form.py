"""A demo's options as a form: the fields, defaults, help and checks of `dltutor demo NAME`.

The fields are read from the command itself (its signature: names, types, defaults, help), and a
filled form is checked by calling the command through `dltutor.cli.demo.checked`: one set of
options and one set of checks for the command line and the app. Nothing here imports torch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from dltutor.textsafe import clean_line

# Flags of `dltutor demo NAME` that mean nothing in the app: it always animates, never prints JSON.
_NOT_IN_FORM = {"animate", "as_json"}


@dataclass(frozen=True)
class Field:
    name: str  # the command's parameter name: "mlp_lr"
    flag: str  # as on the command line: "--mlp-lr"
    default: Any
    help: str
    kind: type  # str, int or float, as the command declares it

    @property
    def text(self) -> str:
        return format_value(self.default)

    def convert(self, text: str) -> Any:
        """The typed value, as Typer would pass it; ValueError with a one-line reason."""
        if not text:
            return self.default
        if self.kind is int:
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"{self.flag} takes a whole number; {clean_line(text)!r} is not one") from None
        if self.kind is float:
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"{self.flag} takes a number; {clean_line(text)!r} is not one") from None
        return text


def format_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fields(demo: str) -> list[Field]:
    """The form of `dltutor demo DEMO`: the command's options in order (the speed last), from its signature."""
    import inspect
    import typing

    from dltutor.cli.demo import command

    function = command(demo)
    hints = typing.get_type_hints(function, include_extras=True)
    out = []
    for name, parameter in inspect.signature(function).parameters.items():
        hint = hints[name]
        kind = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
        if name in _NOT_IN_FORM or kind not in (str, int, float):
            continue
        info = next((m for m in getattr(hint, "__metadata__", ()) if hasattr(m, "param_decls")), None)
        decls = list(getattr(info, "param_decls", ()) or ())
        if isinstance(getattr(info, "default", None), str) and info.default.startswith("--"):
            decls.append(info.default)  # typer.Option("--lr", ...): the flag is its first argument
        flag = max(decls, key=len) if decls else "--" + name.replace("_", "-")
        out.append(Field(name, flag, parameter.default, clean_line(getattr(info, "help", "") or ""), kind))
    return out


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
        self.fields = fields(demo)
        self._values = values or {}

    def compose(self) -> ComposeResult:
        for f in self.fields:
            with Horizontal(classes="demo-field"):
                yield Label(Content(f.flag), classes="demo-flag")
                yield Input(self._values.get(f.name, f.text), compact=True, id=f"opt-{f.name}",
                            tooltip=f.help or None, select_on_focus=False)
                yield Label(Content(f.help), classes="demo-help")
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
        from dltutor.cli.demo import checked
        from dltutor.demos.options import BadOption

        self._clear_errors()
        typed: dict[str, Any] = {}
        for f in self.fields:
            text = self.query_one(f"#opt-{f.name}", Input).value.strip()
            try:
                typed[f.name] = f.convert(text)
            except ValueError as exc:
                self._mark(f.name, str(exc))
        if self.errors:
            return None
        try:
            return checked(self.demo, typed)
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
