"""Flashcards made from the course: each glossary entry both ways, each quiz question to its highlight.

A card's key is derived from where its content lives, not from its text
(`lecture-3/glossary/learning-rate/term-to-definition`, `lecture-3/quiz/2/question-to-answer`),
so editing a definition keeps the card's history. The learner's own cards are `own/N`; a
practice problem kind missed in `dltutor practice` is `practice/KIND`, with new numbers each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dltutor.course.model import Course

KINDS = ("term-to-definition", "definition-to-term", "question-to-answer", "own", "practice")


@dataclass(frozen=True, slots=True)
class CardContent:
    key: str
    lecture: str | None
    kind: str
    front: str  # may hold $LaTeX$: front ends render it
    back: str
    ord: int = 0  # course order: lecture, then place in the lecture

    @property
    def label(self) -> str:
        """Where the card comes from, e.g. "Lecture 3 · glossary"."""
        where = f"Lecture {self.lecture.rsplit('-', 1)[-1]}" if self.lecture else "Your card"
        what = {"term-to-definition": "term → definition", "definition-to-term": "definition → term",
                "question-to-answer": "quiz question", "own": "your card",
                "practice": "practice problem"}[self.kind]
        return where if self.kind == "own" and not self.lecture else f"{where} · {what}"


def glossary_key(lecture: str, term_id: str, kind: str = "term-to-definition") -> str:
    return f"{lecture}/glossary/{term_id}/{kind}"


def question_key(lecture: str, number: int) -> str:
    return f"{lecture}/quiz/{number}/question-to-answer"


def course_cards(course: Course) -> list[CardContent]:
    """Every card the course defines, in course order."""
    cards: list[CardContent] = []
    for lecture in course.lectures:
        base = lecture.number * 10_000
        for q in lecture.quiz:
            cards.append(CardContent(question_key(lecture.id, q.number), lecture.id, "question-to-answer",
                                     q.question, q.answer, base + q.number))
        for i, entry in enumerate(lecture.glossary, start=1):
            names = ", ".join(entry.aliases[:4])
            term = f"{entry.term} (also: {names})" if names else entry.term
            cards.append(CardContent(glossary_key(lecture.id, entry.id), lecture.id, "term-to-definition",
                                     entry.term, entry.definition, base + 100 + 2 * i))
            cards.append(CardContent(glossary_key(lecture.id, entry.id, "definition-to-term"), lecture.id,
                                     "definition-to-term", entry.definition, term, base + 101 + 2 * i))
    return cards


_last: tuple[Course, dict[str, CardContent]] | None = None


def card_content(course: Course, key: str) -> CardContent | None:
    """The course's card for `key`, or None if the course no longer has it."""
    global _last
    if _last is None or _last[0] is not course:
        _last = (course, {c.key: c for c in course_cards(course)})
    return _last[1].get(key)


def stored_content(course: Course, card: Any, now: datetime) -> CardContent | None:
    """What a stored card shows now: its own sides, a fresh practice problem, or the course's content."""
    if card.kind == "own":
        return CardContent(card.key, card.lecture, "own", card.front or "", card.back or "")
    if card.kind == "practice":
        from dltutor.study.practice.review import card_problem, card_sides

        problem = card_problem(card.key, card.schedule.reps, now)
        return None if problem is None else CardContent(card.key, card.lecture, "practice", *card_sides(problem))
    return card_content(course, card.key)
