"""Shared fixtures: every test runs with its own data directory and a pinned clock."""

from __future__ import annotations

import time

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DLTUTOR_HOME", str(home))
    monkeypatch.setenv("DLTUTOR_NOW", "2026-01-15T09:00:00+00:00")
    monkeypatch.delenv("PAGER", raising=False)
    # Study days turn over at a local hour: pin the zone so "today" is the same everywhere.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield home


@pytest.fixture(scope="session")
def course():
    from dltutor.course.load import load_course

    return load_course(use_cache=False)
