"""A missed kind as a review card: each time it is shown, a fresh problem in front, its worked solution behind.

The card's key is `practice/KIND`. Its numbers come from a seed made of the key, how often the
card has been rated and the moment it is shown, so they change from one showing to the next
and a pinned clock (DLTUTOR_NOW) still replays them exactly.
"""

from __future__ import annotations

import zlib
from datetime import datetime

from dltutor.study.practice.kinds import KINDS
from dltutor.study.practice.problem import Problem, generate


def kind_of(key: str) -> str | None:
    """The kind a card key names, if the course still has it."""
    kind = key.removeprefix("practice/")
    return kind if key.startswith("practice/") and kind in KINDS else None


def card_problem(key: str, reps: int, shown_at: datetime) -> Problem | None:
    kind = kind_of(key)
    if kind is None:
        return None
    seed = zlib.crc32(f"{key}/{reps}/{shown_at.isoformat()}".encode()) & 0x7FFFFFFF
    return generate(KINDS[kind], seed)


def card_sides(problem: Problem) -> tuple[str, str]:
    """(front, back): the problem to work out on paper; the worked solution, which ends in the answer."""
    return f"Work it out, then show the solution. {problem.question}", "\n".join(problem.solution)
