"""Checking a demo's options before torch is imported: each mistake is one line, exit 2."""

from __future__ import annotations

import math

from dltutor.errors import DltutorError
from dltutor.textsafe import clean_line


class BadOption(DltutorError):
    """An option value a demo cannot run with."""


def vector(option: str, text: str, *, min_len: int = 1, max_len: int = 64) -> list[float]:
    """'1,0.5,-2' -> [1.0, 0.5, -2.0]; spaces allowed, every entry a finite number."""
    parts = [p.strip() for p in text.split(",")]
    values: list[float] = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise BadOption(f"{option} takes numbers separated by commas, like 1,0.5; {clean_line(part)!r} is not a number") from None
        if not math.isfinite(value):
            raise BadOption(f"{option}: {clean_line(part)!r} is not a finite number")
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
        raise BadOption(f"{option} must be one of {', '.join(choices)}; not {clean_line(value)!r}")
    return wanted
