"""A demo's options as data, and the one check every front end runs before torch is imported.

Each demo's registry entry lists its options as `Option`s: the keyword its `run()` takes, the
flag, the kind of value, the default, the help and a check. The command line builds its Typer
commands from them and the app builds its form from them; neither looks at the other. `check`
runs every option's check, then the demo's checks across options, then the estimate of the
run's work against `BUDGET`, so a mistake (or a run that would take hours) is one line, exit 2,
and costs nothing. Nothing here imports torch, numpy, rich or typer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping

from dltutor.errors import DltutorError
from dltutor.textsafe import clean_line


class BadOption(DltutorError):
    """An option value a demo cannot run with."""


def _quoted(text: str, most: int = 40) -> str:
    """A value the learner gave, quoted and cut short: an error line never repeats a huge argument."""
    text = clean_line(text)
    return repr(text if len(text) <= most else text[:most] + "…")


# --- checks: (flag, value) -> the value run() takes, or BadOption naming the flag ----------------


def vector(option: str, text: str, *, min_len: int = 1, max_len: int = 64) -> list[float]:
    """'1,0.5,-2' -> [1.0, 0.5, -2.0]; spaces allowed, every entry a finite number."""
    parts = [p.strip() for p in text.split(",")]
    values: list[float] = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise BadOption(f"{option} takes numbers separated by commas, like 1,0.5; {_quoted(part)} is not a number") from None
        if not math.isfinite(value):
            raise BadOption(f"{option}: {_quoted(part)} is not a finite number")
        values.append(value)
    if not min_len <= len(values) <= max_len:
        raise BadOption(f"{option} takes {min_len} to {max_len} numbers; got {len(values)}")
    return values


def finite(option: str, value: float) -> float:
    if not math.isfinite(value):
        raise BadOption(f"{option} must be a finite number, not {value}")
    return value


def positive(option: str, value: float, *, most: float | None = None) -> float:
    finite(option, value)
    if value <= 0:
        raise BadOption(f"{option} must be greater than 0, not {value:g}")
    if most is not None and value > most:
        raise BadOption(f"{option} must be at most {most:g}, not {value:g}")
    return value


def count(option: str, value: int, *, least: int = 1, most: int) -> int:
    if not least <= value <= most:
        raise BadOption(f"{option} must be a whole number from {least} to {most}, not {value}")
    return value


def between(option: str, value: float, least: float, most: float) -> float:
    finite(option, value)
    if not least <= value <= most:
        raise BadOption(f"{option} must be from {least:g} to {most:g}, not {value:g}")
    return value


def fraction(option: str, value: float) -> float:
    finite(option, value)
    if not 0 <= value < 1:
        raise BadOption(f"{option} must be at least 0 and below 1, not {value:g}")
    return value


def choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    wanted = value.strip().lower()
    if wanted not in choices:
        raise BadOption(f"{option} must be one of {', '.join(choices)}; not {_quoted(value)}")
    return wanted


def _as_is(option: str, value: Any) -> Any:
    return value


# --- the spec --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One option of a demo: how it is named, typed, explained and checked, for every front end."""

    name: str  # the keyword `run()` takes: "mlp_lr"
    flag: str  # on the command line and in the form: "--mlp-lr"
    kind: type  # what the typed text becomes before the check: str, int, float or bool (a flag)
    default: Any
    help: str
    check: Callable[[str, Any], Any] = _as_is  # (flag, value) -> what run() takes; BadOption if wrong

    @property
    def text(self) -> str:
        """The default as a learner would type it."""
        return format_value(self.default)

    def parse(self, text: str) -> Any:
        """Typed text -> a value of `kind` (empty: the default); BadOption with a one-line reason."""
        text = text.strip()
        if not text:
            return self.default
        if self.kind is int:
            try:
                return int(text)
            except ValueError:
                raise BadOption(f"{self.flag} takes a whole number; {_quoted(text)} is not one") from None
        if self.kind is float:
            try:
                return float(text)
            except ValueError:
                raise BadOption(f"{self.flag} takes a number; {_quoted(text)} is not one") from None
        if self.kind is bool:
            if text.lower() in _YES or text.lower() in _NO:
                return text.lower() in _YES
            raise BadOption(f"{self.flag} takes yes or no; {_quoted(text)} is neither")
        return text


_YES = ("yes", "y", "true", "on", "1")
_NO = ("no", "n", "false", "off", "0")


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def seed() -> Option:
    return Option("seed", "--seed", int, 0, "Seed for every random choice: the same seed gives the same run.",
                  partial(count, least=0, most=2**63 - 1))


def learning_rate(default: float, name: str = "lr", help: str = "The learning rate λ.") -> Option:
    return Option(name, "--" + name.replace("_", "-"), float, default, help, partial(positive, most=1e6))


# The player's option, in every demo's form and command: how fast frames follow each other.
SPEED = Option("speed", "--speed", float, 1.0, "Animation speed: 2 plays twice as fast, 0.5 half as fast.",
               partial(positive, most=1000))


def fields(info: Any) -> tuple[Option, ...]:
    """What a learner can set for `info`: its own options, then the player's speed."""
    return (*info.options, SPEED)


# --- the one check ---------------------------------------------------------------------------

# Seconds a demo may compute on a small CPU (one core of a laptop from a few years ago; this
# project's 2-core CI machine measured the estimates). A run past it is refused up front, with
# the options that make it long named, rather than left to run for minutes or hours.
BUDGET = 60.0


def check(info: Any, values: Mapping[str, Any]) -> tuple[dict[str, Any], float]:
    """The keyword arguments `run()` takes and the speed to play at, from typed values by name.

    Missing values take their defaults. Every option is checked in order, then the demo's own
    checks across options (`info.relate`), then its estimated work (`info.work`) against BUDGET.
    """
    options: dict[str, Any] = {}
    for option in info.options:
        options[option.name] = option.check(option.flag, values.get(option.name, option.default))
    speed = SPEED.check(SPEED.flag, values.get(SPEED.name, SPEED.default))
    if info.relate is not None:
        info.relate(options)
    within_budget(info, options)
    return options, speed


def within_budget(info: Any, options: Mapping[str, Any]) -> None:
    """BadOption naming the options that make the run long (those changed from their defaults)."""
    seconds = info.work(options)
    if seconds <= BUDGET:
        return
    costly = [o for o in info.options if o.name in info.costly]
    changed = [o for o in costly if options[o.name] != o.check(o.flag, o.default)] or costly
    named = [f"{o.flag} {format_value(options[o.name])}" for o in changed]
    said = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    raise BadOption(f"{clean_line(said)} would take about {duration(seconds)} to compute; a demo may take at most "
                    f"{BUDGET:g} s: choose smaller values")


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} hours"
    if seconds < 2 * 365 * 86400:
        return f"{seconds / 86400:.0f} days"
    return f"{seconds / (365 * 86400):.2g} years"
