"""The app under test: a fixed data directory and a frozen clock, from the same factory as `dltutor`."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

FROZEN = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)


@pytest.fixture
def make(_isolated_home):
    """make() -> a fresh DltutorApp on this test's data directory at FROZEN time."""
    from dltutor.tui.app import make_app

    def factory():
        return make_app(home=_isolated_home, clock=lambda: FROZEN)

    return factory
