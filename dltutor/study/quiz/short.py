"""Short answers: a lecture's own quiz question, answered in the learner's words and judged on its key points.

The judging itself is `dltutor.study.grading`; this module turns its judgement into a result
with feedback as data, and settles the key points the grader could not judge once the learner
has judged them (`settle`).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from dltutor.study.cards import question_key
from dltutor.study.grading import grade_short_answer, verdict_for
from dltutor.study.quiz.items import Contradiction, Correction, Feedback, ItemResult, QuizItem, Slot

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dltutor.course.model import Course, Lecture

TITLE = "short answer"
IN_EVERY_LECTURE_QUIZ = True  # a quiz on one lecture asks all of its own questions


def slots(course: Course, lecture: Lecture) -> list[Slot]:
    return [Slot(f"{lecture.id}/quiz/{q.number}", "short", lecture, question=q) for q in lecture.quiz]


def make(course: Course, slot: Slot, rng: random.Random | None = None) -> QuizItem:
    q = slot.question
    assert q is not None
    return QuizItem(key=slot.key, type="short", lecture=slot.lecture.id, prompt=q.question, answer=q.answer,
                    card_key=question_key(slot.lecture.id, q.number), source=q)


def grade(item: QuizItem, response: str) -> ItemResult:
    from dltutor.study.wording import echo

    q = item.source
    points = getattr(q, "key_points", ())
    g = grade_short_answer(response, points, getattr(q, "misconceptions", ()))
    details = Feedback(
        said=echo(response),
        hit=tuple(k.text for k in g.hit),
        missed=tuple(j.point.text for j in g.points if j.outcome == "missed"),
        unsure=tuple(k.text for k in g.unsure),
        contradicted=tuple(Contradiction(j.point.text, j.quote) for j in g.points if j.outcome == "contradicted"),
        misconceptions=tuple(Correction(s.misconception.id, s.quote, s.misconception.correction)
                             for s in g.misconceptions),
        salad=g.salad,
        model_answer=item.answer,
        notes=tuple(getattr(q, "notes", ())),
    )
    return ItemResult(item, response, g.verdict, g.score, details, g.confidence)


def settle(result: ItemResult, judged: Mapping[str, bool]) -> ItemResult:
    """The result once the learner has said, for each point the grader could not judge, whether they made it."""
    d = result.details
    made = tuple(p for p in d.unsure if judged.get(p))
    hit = tuple(p for p in (*d.hit, *made))
    missed = tuple(p for p in (*d.missed, *(p for p in d.unsure if not judged.get(p))))
    total = len(hit) + len(missed) + len(d.contradicted)
    if d.contradicted or d.misconceptions:
        verdict, score = "wrong", 0.0
    else:
        verdict = verdict_for(len(hit), total)
        if d.salad and verdict == "right":
            verdict = "partial"
        score = len(hit) / total if total and verdict != "wrong" else 0.0
    return replace(result, verdict=verdict, score=score, details=replace(d, hit=hit, missed=missed, unsure=()),
                   confidence=1.0, self_judged=True)
