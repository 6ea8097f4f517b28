"""Quizzes built from the course: one module per kind of question, and the table that joins them.

A kind is a module with `TITLE`, `slots(course, lecture)` (the questions it can ask), `make(course,
slot, rng)` (a question ready to show) and `grade(item, response)` (an `ItemResult` whose feedback
is data, put into words by `dltutor.study.wording`). Adding a kind is one module and one row of
`KINDS`. Sampling lives in `sampling`, glossary names in `names`.

Pure: no I/O, no front end; every random choice comes from a seed; `grade` and `parse_choice`
never raise on any string.
"""

from __future__ import annotations

from types import ModuleType

from dltutor.study.quiz import choice, cloze, short
from dltutor.study.quiz.choice import LETTERS, parse_choice
from dltutor.study.quiz.items import Contradiction, Correction, Feedback, ItemResult, QuizItem
from dltutor.study.quiz.names import BLANK, NOT_DISTRACTORS
from dltutor.study.quiz.sampling import build_quiz, lecture_weights

__all__ = [
    "BLANK", "KINDS", "LETTERS", "NOT_DISTRACTORS", "QUESTION_TYPES", "Contradiction", "Correction", "Feedback",
    "ItemResult", "QuizItem", "build_quiz", "grade", "is_skip", "lecture_weights", "parse_choice", "settle",
]

# The kinds of question, in the order a lecture's pool lists them.
KINDS: dict[str, ModuleType] = {"short": short, "choice": choice, "cloze": cloze}
QUESTION_TYPES: tuple[str, ...] = tuple(KINDS)


def grade(item: QuizItem, response: object) -> ItemResult:
    """The verdict on one response, with feedback as data; an empty one is a skip, not a wrong answer."""
    if not isinstance(response, str):
        response = "" if response is None else str(response)
    result = KINDS[item.type].grade(item, response)
    if is_skip(response):  # what a good answer holds is still shown: the kind's feedback with nothing made
        from dataclasses import replace

        return replace(result, verdict="skipped", score=0.0, confidence=1.0)
    return result


def is_skip(response: object) -> bool:
    """Whether a response says "skip": nothing but white space (or none at all)."""
    return response is None or (isinstance(response, str) and not response.strip())


def settle(result: ItemResult, judged: dict[str, bool]) -> ItemResult:
    """The result once the learner has judged what the grader could not tell (kinds without doubts: unchanged)."""
    kind = KINDS[result.item.type]
    return kind.settle(result, judged) if hasattr(kind, "settle") else result
