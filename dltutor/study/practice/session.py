"""A practice sitting: which problems, each answer graded and committed, what comes back in review.

The command line and the app's practice screen drive the same `PracticeSession`. A scope is
a kind (`conv-output-size`), a lecture (`lecture-6`: its kinds in turn) or `all` (a mix weighted
towards the lectures whose problems the learner misses). Problems are generated up front from
the session's seed. An answer not in the expected form is graded `None` and saved nowhere: the
front end says what form is expected and asks again.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from dltutor.store import practice as store
from dltutor.study.practice.answers import Graded, grade
from dltutor.study.practice.kinds import KINDS, kinds_of, lectures
from dltutor.study.practice.problem import Problem, generate

DEFAULT_PROBLEMS = 5
MAX_PROBLEMS = 500
SEEN_WEIGHT = 0.25  # a kind already in this sitting comes up a quarter as often


def _default_clock() -> datetime:
    from dltutor.clock import now

    return now()


def card_ord(kind: ModuleType) -> int:
    """Where a kind's review card sits in course order: after its lecture's questions and glossary cards."""
    number = int(kind.LECTURE.rsplit("-", 1)[-1])
    return number * 10_000 + 5_000 + list(KINDS).index(kind.NAME)


@dataclass(frozen=True, slots=True)
class PracticeResult:
    problem: Problem
    response: str
    graded: Graded
    saved: bool = False  # False: not in the expected form, so nothing was graded or stored
    made_due: bool = False

    @property
    def verdict(self) -> str | None:
        return self.graded.verdict


@dataclass
class PracticeSummary:
    results: list[PracticeResult]
    planned: int
    seconds: float
    interrupted: bool
    made_due: list[str] = field(default_factory=list)  # kinds whose review card is now due

    def count(self, verdict: str) -> int:
        return sum(r.verdict == verdict for r in self.results)

    @property
    def missed(self) -> list[str]:
        """The kinds answered wrong or skipped, each once, in order."""
        return list(dict.fromkeys(r.problem.kind for r in self.results if r.verdict != "right"))


def plan(scope: str, n: int, seed: int, weights: dict[str, float] | None = None) -> list[Problem]:
    """The problems of a sitting: a kind n times, a lecture's kinds in turn, or a weighted mix."""
    rng = random.Random(seed)
    if scope in KINDS:
        chosen = [KINDS[scope]] * n
    elif scope == "all":
        chosen = _mix(rng, n, weights or {})
    else:
        pool = kinds_of(scope)
        if not pool:
            raise ValueError(f"no problem kinds for {scope!r}")  # front ends resolve names first
        chosen = []
        while len(chosen) < n:  # every kind once, in a shuffled order, then again, never twice in a row
            order = rng.sample(pool, len(pool))
            if chosen and len(order) > 1 and order[0] is chosen[-1]:
                order.append(order.pop(0))
            chosen += order
        chosen = chosen[:n]
    return [generate(kind, rng.getrandbits(31)) for kind in chosen]


def _mix(rng: random.Random, n: int, weights: dict[str, float]) -> list[ModuleType]:
    per_lecture = {lecture: len(kinds_of(lecture)) for lecture in lectures()}
    chosen: list[ModuleType] = []
    for _ in range(n):
        kinds, odds = [], []
        for kind in KINDS.values():
            if chosen and kind is chosen[-1]:
                continue
            # A lecture's weight is shared among its kinds, so a lecture with five kinds is not five times as likely.
            odds.append(weights.get(kind.LECTURE, 1.0) / per_lecture[kind.LECTURE]
                        * (SEEN_WEIGHT if kind in chosen else 1.0))
            kinds.append(kind)
        chosen.append(rng.choices(kinds, odds)[0])
    return chosen


class PracticeSession:
    """One sitting: its problems, each answer committed (and a miss made due in review) before the next."""

    def __init__(self, conn: sqlite3.Connection, *, scope: str = "all", n: int | None = None,
                 seed: int | None = None, clock: Callable[[], datetime] = _default_clock) -> None:
        from dltutor.study.weakness import lecture_weights

        self.conn, self.scope, self.clock = conn, scope, clock
        # No seed given: one from the clock, so a pinned DLTUTOR_NOW replays the same sitting.
        self.seed = seed if seed is not None else int(clock().timestamp() * 1000) % 2 ** 31
        weights = lecture_weights(store.recent_scores(conn), lectures()) if scope == "all" else None
        self.problems = plan(scope, min(n or DEFAULT_PROBLEMS, MAX_PROBLEMS), self.seed, weights)
        self.results: list[PracticeResult] = []
        self.id = uuid.uuid4().hex[:12]
        self._started = time.monotonic()

    def answer(self, problem: Problem, response: str) -> PracticeResult:
        """Grade an answer; if it is one (right, wrong or a skip), save it, committed before this returns."""
        graded = grade(problem, response)
        if graded.verdict is None:
            return PracticeResult(problem, response, graded)
        kind = KINDS[problem.kind]
        saved = store.save_answer(
            self.conn, session=self.id, position=len(self.results) + 1, kind=problem.kind, lecture=problem.lecture,
            seed=problem.seed, params=problem.params, question=problem.question, response=response,
            expected=problem.expected, verdict=graded.verdict, slip=graded.slip, card_ord=card_ord(kind),
            now=self.clock())
        result = PracticeResult(problem, response, graded, saved=True, made_due=saved.made_due)
        self.results.append(result)
        return result

    def finish(self, interrupted: bool = False) -> PracticeSummary:
        made_due = list(dict.fromkeys(r.problem.kind for r in self.results if r.made_due))
        return PracticeSummary(list(self.results), len(self.problems), time.monotonic() - self._started,
                               interrupted, made_due)
