"""Quiz and review sessions: where the study rules meet the store, with no terminal in sight.

`rate_card` is the one unit of work that rates a card: in one transaction it reads the card as it
is on disk, schedules it (a pure function of schedule, rating and time) and writes the card and
its log row, so two sessions rating the same card never lose either rating. The store only turns
rows into dataclasses and back.

The command line and the Textual app drive the same two classes: a `ReviewSession` hands out
the next card, commits each rating before the next card is chosen and can take the last one
back; a `QuizSession` builds a quiz, saves each answer as it is given and, at the end, makes
what was missed due as flashcards. Both take a store opened by `study.store.open_store` (its cards
already in step with the course). When a save fails (a full disk, a read-only or damaged file),
they raise the store's one-line error, reworded to say what was saved and what was not.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dltutor.store import progress
from dltutor.store.errors import DatabaseError
from dltutor.study.cards import CardContent, stored_content

if TYPE_CHECKING:
    from dltutor.course.model import Course
    from dltutor.settings import SchedulerSettings, Settings
    from dltutor.study.quiz import ItemResult, QuizItem


def _default_clock() -> datetime:
    from dltutor.clock import now

    return now()


# --- rating: the unit of work ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Rated:
    log_id: int
    rating: int
    before: progress.StoredCard
    after: progress.StoredCard
    became_leech: bool


def rate_card(conn: sqlite3.Connection, card_id: int, rating: int, now: datetime, *, session: str | None = None,
              settings: SchedulerSettings | None = None, leech_lapses: int = 8,
              duration_ms: int | None = None) -> Rated:
    """Rate a card: read it, schedule it and write it with its log row, all in one transaction."""
    from dltutor.settings import SchedulerSettings
    from dltutor.store.db import atomic
    from dltutor.study.scheduler import retrievability, review

    settings = settings or SchedulerSettings()
    with atomic(conn):
        before = progress.get_card(conn, card_id)
        if before is None:
            raise LookupError(f"no card with id {card_id}")
        # What FSRS expected of this rating: kept beside it, so stats can hold predictions to outcomes.
        recall = None if before.schedule.is_new else retrievability(before.schedule, now, settings)
        schedule = review(before.schedule, rating, now, card_id=card_id, settings=settings)
        became_leech = not before.leech and schedule.lapses >= leech_lapses > before.schedule.lapses
        log_id, after = progress.write_rating(conn, before, schedule, rating, now, leech=before.leech or became_leech,
                                              session=session, duration_ms=duration_ms, recall=recall)
    return Rated(log_id, rating, before, after, became_leech)


# --- review -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ShownCard:
    card: progress.StoredCard
    content: CardContent

    @property
    def id(self) -> int:
        return self.card.id


def _used_new_slot(card: progress.StoredCard) -> bool:
    """A new card's first rating uses one of the day's new cards; a missed card (priority) was due, not new."""
    return card.schedule.is_new and not card.priority


@dataclass
class ReviewSummary:
    reviewed: int = 0  # ratings given (a card in its learning steps is rated more than once)
    cards: set = field(default_factory=set)  # distinct cards rated
    ratings: Counter = field(default_factory=Counter)
    new: int = 0  # new cards introduced (missed cards, which were due, are not counted)
    leeches: list[str] = field(default_factory=list)
    undone: int = 0
    seconds: float = 0.0


class ReviewSession:
    """One sitting of `dltutor review`: due cards in order, each rating committed at once."""

    def __init__(self, conn: sqlite3.Connection, course: Course, settings: Settings, *,
                 lecture: str | None = None, clock: Callable[[], datetime] = _default_clock) -> None:
        self.conn, self.course, self.settings, self.lecture, self.clock = conn, course, settings, lecture, clock
        self.id = uuid.uuid4().hex[:12]
        self.summary = ReviewSummary()
        self._done: list[Rated] = []
        self._skipped: set[int] = set()
        self._started = time.monotonic()

    def _content(self, card: progress.StoredCard) -> CardContent | None:
        return stored_content(self.course, card, self.clock())

    def next(self) -> ShownCard | None:
        """The next card to show, or None when nothing more is due today."""
        while True:
            card = progress.next_card(self.conn, self.clock(), self.settings.limits(), self.lecture,
                                      exclude=self._skipped)
            if card is None:
                return None
            content = self._content(card)
            if content is not None:
                return ShownCard(card, content)
            self._skipped.add(card.id)  # content vanished under a running session: never show a blank card

    def skip(self, shown: ShownCard) -> None:
        """Leave a card unrated for the rest of this session."""
        self._skipped.add(shown.id)

    def intervals(self, shown: ShownCard) -> dict[int, timedelta]:
        from dltutor.study.scheduler import preview

        return preview(shown.card.schedule, self.clock(), card_id=shown.id, settings=self.settings.scheduler())

    def _saved_so_far(self) -> str:
        n = self.summary.reviewed
        return f"your {n} other rating{'s' * (n != 1)} of this session {'are' if n != 1 else 'is'} saved" if n \
            else "the session had saved nothing before it"

    def rate(self, shown: ShownCard, rating: int, duration_ms: int | None = None) -> Rated:
        from dltutor.study.scheduler import RATING_NAMES

        try:
            rated = rate_card(self.conn, shown.id, rating, self.clock(), session=self.id,
                                  settings=self.settings.scheduler(), leech_lapses=self.settings.leech_lapses,
                                  duration_ms=duration_ms)
        except DatabaseError as exc:
            raise exc.not_saved(f"this {RATING_NAMES[rating]} rating", self._saved_so_far()) from None
        self._done.append(rated)
        self.summary.reviewed += 1
        self.summary.cards.add(shown.id)
        self.summary.ratings[rating] += 1
        self.summary.new += _used_new_slot(rated.before)
        if rated.became_leech:
            self.summary.leeches.append(shown.content.key)
        return rated

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    def undo(self) -> progress.StoredCard | None:
        """Take back this session's last rating; None if there is none (or it can no longer be undone)."""
        if not self._done:
            return None
        rated = self._done[-1]
        try:
            restored = progress.undo(self.conn, rated.log_id)
        except DatabaseError as exc:
            raise exc.not_saved("the undo", "the rating it would take back stays saved") from None
        self._done.pop()
        if restored is None:
            return None
        self.summary.reviewed -= 1
        if not any(r.before.id == rated.before.id for r in self._done):
            self.summary.cards.discard(rated.before.id)
        self.summary.ratings[rated.rating] -= 1
        self.summary.new -= _used_new_slot(rated.before)
        if rated.became_leech and rated.before.key in self.summary.leeches:
            self.summary.leeches.remove(rated.before.key)
        self.summary.undone += 1
        self._skipped.discard(restored.id)
        return restored

    def finish(self) -> ReviewSummary:
        self.summary.seconds = time.monotonic() - self._started
        return self.summary

    def next_due(self) -> datetime | None:
        return progress.next_due(self.conn, self.clock(), self.lecture)

    def new_waiting(self) -> int:
        return progress.new_waiting(self.conn, self.lecture)


# --- quiz ---------------------------------------------------------------------------------------


@dataclass
class QuizSummary:
    attempt_id: int
    results: list[ItemResult]
    planned: int
    seconds: float
    made_due: int
    interrupted: bool

    @property
    def skipped(self) -> int:
        return sum(r.verdict == "skipped" for r in self.results)

    @property
    def correct(self) -> int:
        return sum(r.verdict == "right" for r in self.results)

    @property
    def score(self) -> float:
        """Points: 1 for right, ½ for partly right; what the summary and stats report."""
        from dltutor.study.grading import POINTS

        return sum(POINTS[r.verdict] for r in self.results)


class QuizSession:
    """One quiz: its items, each answer saved when given, missed items made due at the end."""

    def __init__(self, conn: sqlite3.Connection, course: Course, *, lectures: Sequence[str] | None,
                 n: int | None, types: Sequence[str], seed: int | None, wrong: bool = False,
                 clock: Callable[[], datetime] = _default_clock) -> None:
        from dltutor.errors import DltutorError
        from dltutor.study.quiz import build_quiz, lecture_weights

        self.conn, self.course, self.clock = conn, course, clock
        self.scope = lectures[0] if lectures and len(lectures) == 1 else "all"
        only = None
        if wrong:
            only = progress.missed_last_time(conn, self.scope)
            if only is None:
                where = self.scope if self.scope != "all" else "the mixed quiz"
                raise DltutorError(f"no earlier quiz for {where} to retry; take one first")
        weights = None
        if not lectures and not wrong:
            ids = [lec.id for lec in course.lectures]
            weights = lecture_weights(progress.recent_scores(conn), ids)
        self.items: list[QuizItem] = [] if only == [] else build_quiz(
            course, lectures=lectures, n=n, types=tuple(types), seed=seed, weights=weights, only_keys=only)
        # Asked for more than the lectures offer without asking a term twice: the quiz is shorter.
        self.requested: int | None = n if n is not None and not wrong else None
        self.results: list[ItemResult] = []
        self._answer_ids: list[int] = []
        self._started = time.monotonic()
        self.attempt_id = progress.start_attempt(conn, self.scope, types, seed, len(self.items), clock()) \
            if self.items else 0
        self.failure: DatabaseError | None = None  # a save that failed: nothing more is written

    def _answers_saved(self) -> str:
        n = len(self.results)
        if not n:
            return "no answer of this quiz is saved"
        which = "answer 1 is" if n == 1 else f"answers 1-{n} are"
        return f"{which} saved, but what you missed is not yet made due as flashcards"

    def answer(self, item: QuizItem, response: str) -> ItemResult:
        """Grade and save one answer (committed before this returns), with the points its verdict earns."""
        from dltutor.study.grading import POINTS
        from dltutor.study.quiz import grade

        result = grade(item, response)
        try:
            answer_id = progress.save_answer(
                self.conn, self.attempt_id, len(self.results) + 1, item_key=item.key, lecture=item.lecture,
                type=item.type, question=item.prompt, response=response, verdict=result.verdict,
                score=POINTS[result.verdict], hit=result.key_points_hit, missed=result.key_points_missed,
                now=self.clock())
        except DatabaseError as exc:
            self.failure = exc.not_saved(f"answer {len(self.results) + 1}", self._answers_saved())
            raise self.failure from None
        self.results.append(result)
        self._answer_ids.append(answer_id)
        return result

    def settle(self, judged: dict[str, bool]) -> ItemResult:
        """The learner judged the key points the grader could not tell (point text -> made); saved at once."""
        from dltutor.study.grading import POINTS
        from dltutor.study.quiz import settle

        result = settle(self.results[-1], judged)
        progress.settle_answer(self.conn, self._answer_ids[-1], result.verdict, POINTS[result.verdict],
                               result.key_points_hit, result.key_points_missed)
        self.results[-1] = result
        return result

    def override(self, verdict: str) -> ItemResult:
        """The learner overrides the grader on the last answer."""
        from dataclasses import replace

        from dltutor.study.grading import POINTS

        score = POINTS[verdict]
        try:
            progress.override_verdict(self.conn, self._answer_ids[-1], verdict, score)
        except DatabaseError as exc:
            self.failure = exc.not_saved("your change of the verdict", self._answers_saved().replace(
                "saved,", "saved (the last with the grader's verdict),"))
            raise self.failure from None
        self.results[-1] = replace(self.results[-1], verdict=verdict, score=score)
        return self.results[-1]

    def finish(self, interrupted: bool = False) -> QuizSummary:
        """The summary; what was missed becomes due. After a failed save nothing more is written,
        and a failure here is kept in `failure` for the front end to say after the summary."""
        missed = [r.item.card_key for r in self.results if r.verdict != "right" and r.item.card_key]
        made_due = 0
        if self.failure is None:
            what = f"the flashcard{'s' * (len(missed) != 1)} for what you missed"
            try:
                made_due = progress.make_due(self.conn, missed, self.clock()) if missed else 0
                what = "the quiz's end (it will count as stopped early)"
                if self.attempt_id and not interrupted:
                    progress.finish_attempt(self.conn, self.attempt_id, self.clock())
            except DatabaseError as exc:
                n = len(self.results)
                self.failure = exc.not_saved(what, f"all {n} answer{'s' * (n != 1)} {'are' if n != 1 else 'is'} saved")
        return QuizSummary(self.attempt_id, list(self.results), len(self.items),
                           time.monotonic() - self._started, made_due, interrupted)
