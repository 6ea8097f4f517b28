"""`dltutor review --optimize`: fit the learner's own FSRS parameters to their review log.

fsrs's optimizer (its `optimizer` extra: torch, pandas) does the fitting; this module checks that
there is enough to fit, and measures the log loss before and after on the same reviews so the
learner sees what changed. torch is imported only here, only when asked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from dltutor.store.progress import review_logs

# fsrs's optimizer returns its defaults unchanged below one mini-batch of (later-day) reviews.
MIN_REVIEWS = 512


@dataclass(frozen=True, slots=True)
class Optimized:
    parameters: tuple[float, ...]
    loss_before: float
    loss_after: float
    reviews: int

    @property
    def change_pct(self) -> float:
        return 100.0 * (self.loss_after - self.loss_before) / self.loss_before if self.loss_before else 0.0


def countable_reviews(logs: list[tuple[int, int, object, int | None]]) -> int:
    """Reviews the optimizer learns from: each made on a later day than the card's previous one."""
    last: dict[int, object] = {}
    count = 0
    for card_id, _rating, at, _dur in sorted(logs, key=lambda row: (row[0], row[2])):
        prev = last.get(card_id)
        if prev is not None and (at - prev).days > 0:
            count += 1
        last[card_id] = at
    return count


@dataclass(frozen=True, slots=True)
class TooFew:
    """Not enough reviews to fit: what there is, and what FSRS needs."""

    usable: int
    ratings: int
    needed: int = MIN_REVIEWS

    def sentence(self) -> str:
        return (f"Not enough reviews to fit your own parameters yet: FSRS needs {self.needed} reviews made on a "
                f"later day than the card's previous one, and you have {self.usable} (of {self.ratings} ratings). "
                f"Keep reviewing; until then FSRS's defaults schedule your cards, and nothing was changed.")


def optimize(conn: sqlite3.Connection, say: Callable[[str], None],
             current: tuple[float, ...] | None = None) -> Optimized | TooFew:
    """Fit parameters to the review log; the log loss before (with `current`, else FSRS's defaults) and after."""
    logs = review_logs(conn)
    usable = countable_reviews(logs)
    if usable < MIN_REVIEWS:
        return TooFew(usable, len(logs))
    say(f"Fitting FSRS to your {len(logs)} ratings ({usable} later-day reviews); this loads torch "
        "and takes a little while...")
    from fsrs import Optimizer, Rating, ReviewLog
    from fsrs.scheduler import DEFAULT_PARAMETERS

    optimizer = Optimizer([ReviewLog(card_id, Rating(rating), at, dur) for card_id, rating, at, dur in logs])
    parameters = tuple(float(p) for p in optimizer.compute_optimal_parameters())
    # fsrs has no public loss function; its batch loss is what the fit minimises, on these same reviews.
    before = float(optimizer._compute_batch_loss(parameters=list(current or DEFAULT_PARAMETERS)))
    after = float(optimizer._compute_batch_loss(parameters=list(parameters)))
    return Optimized(parameters, before, after, usable)
