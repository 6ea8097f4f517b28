"""The one source of the current time, so that tests and scripts can pin it with DLTUTOR_NOW."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from dltutor.errors import DltutorError


def now() -> datetime:
    """The current time, timezone-aware in UTC; DLTUTOR_NOW (ISO 8601) overrides it."""
    pinned = os.environ.get("DLTUTOR_NOW")
    if not pinned:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
    except ValueError:
        raise DltutorError(
            f"DLTUTOR_NOW={pinned!r} is not an ISO 8601 time (e.g. 2026-01-31T09:00:00+00:00)"
        ) from None
    # A time without an offset is read as UTC, so the same string means the same moment anywhere.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
