"""How weak a lecture looks from its recent scores: the weights a mixed quiz or practice samples by.

A leaf module (no course, no store), so that `dltutor practice` can weight its mix without
importing the quiz machinery.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

RECENT_SCORES = 10  # a lecture's weakness is judged on its last this many scores
PRIOR_SCORES = 1  # ...plus this many pretend scores of 0.5, so one lucky answer is not "mastered"
WEIGHT_FLOOR = 0.15  # a mastered lecture still comes up now and then


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def lecture_weights(scores_by_lecture: Mapping[str, Sequence[float]], lectures: Sequence[str]) -> dict[str, float]:
    """A sampling weight per lecture: a small floor plus its weakness (1 - mean of its recent scores).

    A lecture without scores counts as half known. One pretend score of 0.5 joins the recent
    ones, so a single right answer does not make a lecture look mastered.
    """
    weights: dict[str, float] = {}
    for lecture in lectures:
        recent = [min(max(float(s), 0.0), 1.0) for s in list(scores_by_lecture.get(lecture, ()))[-RECENT_SCORES:]
                  if _finite(s)]
        weakness = (sum(1.0 - s for s in recent) + 0.5 * PRIOR_SCORES) / (len(recent) + PRIOR_SCORES)
        weights[lecture] = WEIGHT_FLOOR + weakness
    return weights
