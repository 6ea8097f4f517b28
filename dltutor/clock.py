"""The one source of the current time, so that tests and scripts can pin it with DLTUTOR_NOW.

Times are kept within 1970-9000: every moment dltutor stores must read back, and a card due a
century after the latest allowed clock still has a four-digit year.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from dltutor.errors import DltutorError

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def now() -> datetime:
    """The current time, timezone-aware in UTC; DLTUTOR_NOW (ISO 8601) overrides it."""
    pinned = os.environ.get("DLTUTOR_NOW")
    if not pinned:
        return in_range(datetime.now(timezone.utc), "the system clock")
    from dltutor.textsafe import clip

    try:
        moment = datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
    except ValueError:
        raise DltutorError(
            f"DLTUTOR_NOW={clip(pinned)!r} is not an ISO 8601 time (e.g. 2026-01-31T09:00:00+00:00)"
        ) from None
    # A time without an offset is read as UTC, so the same string means the same moment anywhere.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first moment Python knows
        moment = EARLIEST - timedelta(days=1)
    return in_range(moment, f"DLTUTOR_NOW={clip(pinned)!r}")


def in_range(moment: datetime, source: str) -> datetime:
    if not EARLIEST <= moment <= LATEST:
        raise DltutorError(f"{source} is outside the years 1970 to 9000 that dltutor can store; "
                           "set a real time (e.g. 2026-01-31T09:00:00+00:00)")
    return moment


def today_end(moment: datetime, rollover_hour: int = 4) -> datetime:
    """Where the learner's today ends: the day start on the next calendar date.

    Past midnight but before the day starts, the study day (new-card limits, today's reviews) is
    still yesterday's, yet "today" is the calendar's: what falls due until the day after it starts
    is today's, so stats never shows a "today" beside a row dated today.
    """
    local = moment.astimezone()
    return local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0) + timedelta(days=1)


def day_start(moment: datetime, rollover_hour: int = 4) -> datetime:
    """When the learner's current day began: local time, turning over at `rollover_hour` (like Anki)."""
    local = moment.astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start
