"""Spaced-repetition scheduling: a pure function of (schedule, rating, now), computed by fsrs (FSRS-6).

This module only adapts: our frozen `Schedule` to an `fsrs.Card` and back, lapse counting, and
fuzz that is reproducible (seeded by the card and the moment) so that a scripted session with
DLTUTOR_NOW gives the same intervals every time. The algorithm is fsrs's, not ours. fsrs is
imported where a card is scheduled (about 18 ms): reading a card's retrievability needs only its
forgetting curve, so `stats` and `cards show` never pay for it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

from dltutor.settings import SchedulerSettings

if TYPE_CHECKING:
    import fsrs

RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
DEFAULT_DECAY = 0.1542  # fsrs's DEFAULT_PARAMETERS[20], its forgetting curve's decay (tests check it is)
RATING_NAMES = {v: k.capitalize() for k, v in RATINGS.items()}
LEARNING, REVIEW, RELEARNING = 1, 2, 3


@dataclass(frozen=True, slots=True)
class Schedule:
    """Where a card stands: fsrs's memory state plus the counts we keep beside it."""

    due: datetime
    state: int = LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reps == 0


@lru_cache(maxsize=8)
def _scheduler(settings: SchedulerSettings) -> fsrs.Scheduler:
    import fsrs

    kwargs = {"desired_retention": settings.desired_retention, "maximum_interval": settings.maximum_interval}
    if settings.parameters is not None:
        kwargs["parameters"] = settings.parameters
    return fsrs.Scheduler(**kwargs)


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def review(schedule: Schedule, rating: int, now: datetime, *, card_id: int,
           settings: SchedulerSettings = SchedulerSettings()) -> Schedule:
    """The schedule after rating the card `rating` (1 Again .. 4 Easy) at `now`."""
    import fsrs

    if rating not in RATING_NAMES:
        raise ValueError(f"rating must be 1-4, not {rating!r}")
    now = _utc(now)
    card = fsrs.Card(card_id=card_id, state=fsrs.State(schedule.state), step=schedule.step,
                     stability=schedule.stability, difficulty=schedule.difficulty,
                     due=_utc(schedule.due),
                     last_review=_utc(schedule.last_review) if schedule.last_review else None)
    # fsrs fuzzes review intervals with the global `random`. Seed it from the card, its history
    # and the day, so a replayed session schedules identically and the interval previewed beside
    # a rating key is the one that rating gives; leave the caller's random state as it was.
    saved = random.getstate()
    last = schedule.last_review.isoformat() if schedule.last_review else "new"
    random.seed(f"{card_id}|{schedule.reps}|{last}|{now.date().isoformat()}")
    try:
        after, _log = _scheduler(settings).review_card(card, fsrs.Rating(rating), review_datetime=now)
    finally:
        random.setstate(saved)
    lapsed = schedule.state == REVIEW and rating == 1
    return Schedule(due=after.due, state=int(after.state), step=after.step, stability=after.stability,
                    difficulty=after.difficulty, last_review=after.last_review, reps=schedule.reps + 1,
                    lapses=schedule.lapses + lapsed)


def preview(schedule: Schedule, now: datetime, *, card_id: int,
            settings: SchedulerSettings = SchedulerSettings()) -> dict[int, timedelta]:
    """How long until the card is due again after each rating: shown beside the rating keys."""
    return {r: review(schedule, r, now, card_id=card_id, settings=settings).due - _utc(now) for r in RATING_NAMES}


def retrievability(schedule: Schedule, now: datetime, settings: SchedulerSettings = SchedulerSettings()) -> float:
    """The chance of recalling the card at `now`, as fsrs's `get_card_retrievability` gives it."""
    if schedule.is_new or schedule.stability is None or schedule.last_review is None:
        return 0.0
    return forgetting_curve(settings)(max((_utc(now) - _utc(schedule.last_review)).days, 0), schedule.stability)


def forgetting_curve(settings: SchedulerSettings = SchedulerSettings()) -> Callable[[float, float], float]:
    """FSRS-6's forgetting curve for these settings: R(t, S) = (1 + F·t/S)^(−w₂₀), F = 0.9^(−1/w₂₀) − 1.

    What fsrs's `get_card_retrievability` computes (t in whole days since the last review), without
    building a card per call, for figures over a whole collection.
    """
    factor, decay = curve_constants(settings)
    return lambda days, stability: (1 + factor * days / stability) ** decay


def curve_constants(settings: SchedulerSettings = SchedulerSettings()) -> tuple[float, float]:
    """(F, −w₂₀) of `forgetting_curve`, for a loop over many cards that inlines the curve."""
    decay = -(settings.parameters[20] if settings.parameters is not None else DEFAULT_DECAY)
    return 0.9 ** (1 / decay) - 1, decay


def describe_interval(delta: timedelta) -> str:
    """A compact human interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


__all__ = ["RATINGS", "RATING_NAMES", "Schedule", "SchedulerSettings", "default_parameters",
           "describe_interval", "forgetting_curve", "preview", "retrievability", "review", "replace"]
