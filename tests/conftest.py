"""Shared fixtures: every test runs with its own data directory and a pinned clock."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_guidebook() -> Path | None:
    """The guidebook the course is built from: $DLTUTOR_GUIDEBOOK, else shared/guidebook.md beside
    the repo (`../shared` for a checkout, `../../shared` for a worktree kept under a folder)."""
    if os.environ.get("DLTUTOR_GUIDEBOOK"):
        return Path(os.environ["DLTUTOR_GUIDEBOOK"])
    for folder in REPO.parents:
        candidate = folder / "shared" / "guidebook.md"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def guidebook() -> str:
    """The guidebook's text. A test that needs it fails, never skips, when it cannot be found:
    the fidelity tests are what prove the course carries every word of it."""
    path = find_guidebook()
    if path is None:
        pytest.fail(f"the guidebook is missing: no shared/guidebook.md in {REPO.parent} or a folder above it, "
                    "and DLTUTOR_GUIDEBOOK is not set", pytrace=False)
    if not path.is_file():
        pytest.fail(f"the guidebook is missing: DLTUTOR_GUIDEBOOK names {path}, which is not a file", pytrace=False)
    return path.read_text(encoding="utf-8")


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


def simulate_learner(home, course, days, start=None):
    """A learner who reviews every due card daily and recalls it with about its predicted probability.

    Seeded, so the same call gives the same history; used where a test needs months of reviews.
    Returns the number of ratings made.
    """
    import random
    from datetime import datetime, timedelta, timezone

    from dltutor.store import db, progress
    from dltutor.study.session import rate_card
    from dltutor.study.cards import course_cards
    from dltutor.study.scheduler import retrievability

    start = start or datetime(2025, 6, 1, 9, tzinfo=timezone.utc)
    conn = db.connect(home / "progress.db")
    progress.sync_cards(conn, course_cards(course), start)
    rng = random.Random(1)
    limits = progress.Limits(new_per_day=10, reviews_per_day=1000)
    for day in range(days):
        now = start + timedelta(days=day)
        while (card := progress.next_card(conn, now, limits)) is not None:
            recalled = rng.random() < (0.7 if card.schedule.is_new else max(retrievability(card.schedule, now), 0.3))
            rate_card(conn, card.id, (4 if rng.random() < 0.1 else 3) if recalled else 1, now)
            now += timedelta(seconds=30)
    total = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
    conn.close()
    return total


@pytest.fixture
def simulate():
    return simulate_learner


@pytest.fixture(scope="session")
def simulator():
    """simulate_learner, for fixtures broader than one test (a `from conftest import` would find the
    nearest conftest.py on sys.path, which need not be this one)."""
    return simulate_learner
