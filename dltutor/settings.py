"""The learner's settings: `config.toml` in the data directory, read with tomllib.

A leaf: it owns its dataclasses (`Settings`, and the `SchedulerSettings` and `Limits` that the
scheduler and the store take) and imports nothing else of dltutor but its errors and paths.

`dltutor config set` rewrites the file with tomlkit, which keeps the learner's own comments and
layout, and replaces it atomically. Every key is declared here with its type, default, range and
a line of help; an unknown key or a bad value is a one-line error naming the file and the key.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dltutor.errors import DltutorError

FILE_NAME = "config.toml"


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]
    check: Callable[[Any], str | None]


def _int(text: str) -> int:
    return int(text.strip())


def _float(text: str) -> float:
    value = float(text.strip())
    if not math.isfinite(value):
        raise ValueError
    return value


def _params(text: str) -> list[float] | None:
    text = text.strip().strip("[]")
    if text.lower() in ("", "default", "defaults", "none"):
        return None
    return [_float(part) for part in text.replace(";", ",").split(",") if part.strip()]


def _range(lo: float, hi: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            return f"must be a number from {lo:g} to {hi:g}"
        return None
    return check


def _whole(lo: int, hi: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            return f"must be a whole number from {lo} to {hi}"
        return None
    return check


def _check_params(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return "must be a list of 21 numbers (or 'default')"
    import fsrs  # what FSRS accepts is FSRS's to say; only this key's check pays for the import

    try:
        fsrs.Scheduler(parameters=tuple(float(v) for v in value))
    except (ValueError, TypeError) as exc:
        return f"is not accepted by FSRS: {str(exc).splitlines()[-1] if str(exc) else 'invalid parameters'}"
    return None


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("review.new_per_day", 20, "new cards introduced per day", _int, _whole(0, 10_000)),
    Key("review.reviews_per_day", 200, "reviews per day (learning steps are never held back)", _int,
        _whole(0, 100_000)),
    Key("review.desired_retention", 0.9, "the share of reviews you want to recall; higher means more reviews",
        _float, _range(0.7, 0.99)),
    Key("review.leech_lapses", 8, "lapses after which a card is flagged as a leech", _int, _whole(1, 1000)),
    Key("review.day_starts_at", 4, "the hour (local time) at which a new study day begins", _int, _whole(0, 23)),
    Key("fsrs.parameters", None, "your own FSRS parameters (21 numbers) from `review --optimize`",
        _params, _check_params),
)}


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """What the scheduler needs from the settings."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None  # None: fsrs's defaults
    maximum_interval: int = 36500


@dataclass(frozen=True, slots=True)
class Limits:
    """How much `review` shows in a study day, and when that day begins."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4


@dataclass(frozen=True, slots=True)
class Settings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    leech_lapses: int = 8
    day_starts_at: int = 4
    fsrs_parameters: tuple[float, ...] | None = None

    def scheduler(self) -> SchedulerSettings:
        return SchedulerSettings(desired_retention=self.desired_retention, parameters=self.fsrs_parameters)

    def limits(self) -> Limits:
        return Limits(self.new_per_day, self.reviews_per_day, self.day_starts_at)


def config_path() -> Path:
    from dltutor.paths import data_dir

    return data_dir() / FILE_NAME


def _read(path: Path) -> dict[str, Any]:
    import tomllib

    from dltutor.paths import require_folder

    require_folder(path.parent)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise DltutorError(f"{path}: cannot read settings ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # an editor's byte-order mark is not a mistake
    except UnicodeDecodeError:
        raise DltutorError(f"{path}: settings are not UTF-8 text; fix or delete the file") from None
    except tomllib.TOMLDecodeError as exc:
        raise DltutorError(f"{path}: not valid TOML ({exc}); fix or delete the file") from None
    flat: dict[str, Any] = {}
    for section, body in data.items():
        if not isinstance(body, dict):
            raise DltutorError(f"{path}: unknown setting {section!r}; known: {', '.join(KEYS)}")
        for name, value in body.items():
            key = f"{section}.{name}"
            if key not in KEYS:
                raise DltutorError(f"{path}: unknown setting {key!r}; known: {', '.join(KEYS)}")
            problem = KEYS[key].check(value)
            if problem:
                raise DltutorError(f"{path}: {key} {problem}")
            flat[key] = value
    return flat


def load_settings(path: Path | None = None) -> Settings:
    values = _read(path or config_path())
    params = values.get("fsrs.parameters")
    return Settings(
        new_per_day=values.get("review.new_per_day", 20),
        reviews_per_day=values.get("review.reviews_per_day", 200),
        desired_retention=float(values.get("review.desired_retention", 0.9)),
        leech_lapses=values.get("review.leech_lapses", 8),
        day_starts_at=values.get("review.day_starts_at", 4),
        fsrs_parameters=tuple(float(p) for p in params) if params else None,
    )


def _key(name: str) -> Key:
    if name not in KEYS:
        from dltutor.errors import NotFoundError

        from rapidfuzz import process

        close = [m[0] for m in process.extract(name, list(KEYS), limit=2, score_cutoff=60)]
        raise NotFoundError("setting", name, close or list(KEYS))
    return KEYS[name]


def get_setting(name: str, path: Path | None = None) -> Any:
    key = _key(name)
    return _read(path or config_path()).get(name, key.default)


def set_setting(name: str, text: str, path: Path | None = None) -> Any:
    """Parse, check and store one setting; returns the value stored (None: back to the default)."""
    import tomlkit

    key = _key(name)
    path = path or config_path()
    try:
        value = key.parse(text)
    except ValueError:
        from dltutor.textsafe import clip

        raise DltutorError(f"{name}: {clip(text)!r} is not a valid value ({key.help})") from None
    problem = key.check(value)
    if problem:
        raise DltutorError(f"{name} {problem}")
    _read(path)  # refuse to rewrite a file we could not read
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8-sig")) if path.exists() else tomlkit.document()
    except OSError as exc:
        raise DltutorError(f"{path}: cannot read settings ({exc.strerror})") from None
    section, field = name.split(".", 1)
    table = doc.get(section)
    if table is None:
        table = tomlkit.table()
        doc[section] = table
    if value is None:
        table.pop(field, None)
        if not table:
            doc.pop(section)
    else:
        table[field] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DltutorError(f"{path}: cannot write settings ({exc.strerror})") from None
    return value
