"""What a quiz is made of: a question as the learner meets it, and the graded result with its feedback as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from dltutor.study.grading import Verdict

QuizVerdict = Verdict | Literal["skipped"]  # a quiz answer's: the grader's, or a skip (an empty answer)

if TYPE_CHECKING:
    from dltutor.course.model import GlossaryEntry, GlossaryTerm, Lecture, QuizQuestion, TutorNote

__all__ = ["Contradiction", "Correction", "Feedback", "ItemResult", "QuizItem", "Slot"]


@dataclass(frozen=True, slots=True)
class QuizItem:
    """One question as the learner meets it, with what is needed to grade it."""

    key: str  # stable: "lecture-3/quiz/2", "lecture-3/glossary/learning-rate/choice", ".../cloze"
    type: str  # a kind of `dltutor.study.quiz.KINDS`
    lecture: str
    prompt: str  # plain text; may hold $LaTeX$ that the front end renders
    options: tuple[str, ...] = ()  # choice only
    answer: str = ""  # short: the highlight; choice: the right option's text; cloze: the term
    correct_index: int | None = None  # choice only
    card_key: str = ""  # the flashcard a miss makes due
    source: object = field(default=None, compare=False)  # the QuizQuestion or GlossaryTerm
    option_terms: tuple[str, ...] = ()  # choice only: the glossary term id behind each option
    option_names: tuple[str, ...] = ()  # choice only: that term's name, for feedback on a wrong pick
    rivals: tuple[str, ...] = ()  # cloze only: other terms' names a typo-tolerant match must not take for this one


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A key point the answer says the opposite of, and the learner's words that do."""

    point: str
    quote: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A misconception the answer states: its id, the learner's words, and what is true."""

    id: str
    quote: str
    correction: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the grader found, as data; `dltutor.study.wording` puts it into words for every front end."""

    said: str = ""  # the learner's answer, one safe line
    hit: tuple[str, ...] = ()  # key points made
    missed: tuple[str, ...] = ()
    contradicted: tuple[Contradiction, ...] = ()
    unsure: tuple[str, ...] = ()  # key points the grader could not judge
    misconceptions: tuple[Correction, ...] = ()
    salad: bool = False  # terms without a statement
    model_answer: str = ""  # the highlight, the right option or the term
    notes: tuple[TutorNote, ...] = ()  # the tutor's notes on the highlight
    right_letter: str = ""  # choice: the right option's letter
    chosen: int | None = None  # choice: the option picked, None if none
    chosen_defines: str = ""  # choice, term to definition: the term the picked definition belongs to
    match: str = ""  # cloze: "exact", "alias" or "close" when right
    options: int = 0  # choice: how many options there were


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: QuizItem
    response: str  # as the learner typed it
    verdict: QuizVerdict
    score: float  # 1.0 right, 0.0 wrong or skipped; short answers: share of key points made
    details: Feedback
    confidence: float = 1.0  # how sure the grader is, 0..1
    self_judged: bool = False  # the learner judged the points the grader could not

    @property
    def key_points_hit(self) -> tuple[str, ...]:
        return self.details.hit

    @property
    def key_points_missed(self) -> tuple[str, ...]:
        return self.details.missed + self.details.unsure

    @property
    def key_points_contradicted(self) -> tuple[str, ...]:
        return tuple(c.point for c in self.details.contradicted)

    @property
    def feedback(self) -> str:
        """The feedback as one plain paragraph (what `--json` reports)."""
        from dltutor.study.wording import feedback_text

        return feedback_text(self)


@dataclass(frozen=True, slots=True)
class Slot:
    """A question that could be asked, before its options are drawn."""

    key: str
    type: str
    lecture: Lecture
    question: QuizQuestion | None = None
    entry: GlossaryEntry | None = None
    term: GlossaryTerm | None = None
