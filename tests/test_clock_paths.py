"""The one clock (DLTUTOR_NOW), the data directory (DLTUTOR_HOME), and text made safe to print."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dltutor import clock, paths
from dltutor.errors import DltutorError
from dltutor.textsafe import clean_line, clean_text


def test_now_is_pinned_by_dltutor_now(monkeypatch):
    monkeypatch.setenv("DLTUTOR_NOW", "2026-03-01T12:30:00+02:00")
    assert clock.now() == datetime(2026, 3, 1, 10, 30, tzinfo=timezone.utc)
    monkeypatch.setenv("DLTUTOR_NOW", "2026-03-01T12:30:00Z")
    assert clock.now().hour == 12 and clock.now().tzinfo == timezone.utc
    monkeypatch.setenv("DLTUTOR_NOW", "2026-03-01")  # no offset: read as UTC
    assert clock.now() == datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_now_without_override_is_the_real_time(monkeypatch):
    monkeypatch.delenv("DLTUTOR_NOW")
    before = datetime.now(timezone.utc)
    assert before <= clock.now() <= datetime.now(timezone.utc)


def test_a_bad_dltutor_now_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("DLTUTOR_NOW", "yesterday")
    with pytest.raises(DltutorError, match="DLTUTOR_NOW='yesterday' is not an ISO 8601 time"):
        clock.now()


def test_data_dir_comes_from_dltutor_home_else_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path / "mine"))
    assert paths.data_dir() == tmp_path / "mine"
    assert paths.cache_dir() == tmp_path / "mine" / "cache"
    monkeypatch.delenv("DLTUTOR_HOME")
    import platformdirs

    assert paths.data_dir() == Path(platformdirs.user_data_dir("dltutor", appauthor=False))


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("title\x1b]0;pwned\x07", "title"),
        ("bell\x07 and null\x00", "bell and null"),
        ("csi \x9b31m", "csi 31m"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("λ, δ, “quotes” – dashes", "λ, δ, “quotes” – dashes"),
    ],
)
def test_clean_text_removes_escapes_and_controls(raw, clean):
    assert clean_text(raw) == clean


@given(st.text())
def test_nothing_unprintable_survives(text):
    out = clean_line(text)
    assert "\x1b" not in out and "\n" not in out
    assert all(ch.isprintable() or ch == " " for ch in out if ord(ch) < 0xA0)
