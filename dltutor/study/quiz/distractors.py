"""Which other terms a multiple-choice question offers: plausible ones, from this lecture and its neighbours.

An option that is plainly the wrong sort of thing ("a benchmark dataset" among activation
functions) is ruled out without knowing the answer, and options that all come from one lecture's
few definitions turn a quiz into elimination by its last question. So candidates are ranked: a
term of the same kind (`GlossaryTerm.kind`, from the YAML) counts most, then one defined in this
lecture or the lecture before or after, then one the term's `see_also` links either way; terms
of equal rank come in the question's own random order, so each question draws its own mix.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dltutor.course.model import Course, GlossaryTerm, Lecture

SAME_KIND = 4.0
NEAR = {0: 1.0, 1: 1.0, 2: 0.5}  # lecture distance -> weight: this lecture and its neighbours
RELATED = 1.0


def rank(course: Course, term: GlossaryTerm, lecture: Lecture, rng: random.Random) -> list[GlossaryTerm]:
    """Every other term of the course, the most plausible distractors first."""
    related = set(term.see_also) | {t.id for t in course.glossary if term.id in t.see_also}
    scored = []
    for other in course.glossary:
        if other.id == term.id:
            continue
        score = SAME_KIND if term.kind and other.kind == term.kind else 0.0
        numbers = [lec.number for d in other.definitions if (lec := course.lecture(d.lecture)) is not None]
        if numbers:
            score += NEAR.get(min(abs(n - lecture.number) for n in numbers), 0.0)
        if other.id in related:
            score += RELATED
        scored.append((score, rng.random(), other))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [other for _, _, other in scored]
