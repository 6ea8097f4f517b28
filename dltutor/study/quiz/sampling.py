"""Which questions a quiz asks and in what order: seeded, weighted towards weak lectures, a term asked once.

A glossary term is asked at most once in a quiz, whichever kind of question would ask it: a cloze
of Epoch gives away the answer to "Which is the definition of Epoch?". So a quiz is never longer
than what its lectures offer without repeats, whatever length was asked for.

Every random choice comes from `random.Random(seed)`, so a seed gives the same quiz every time;
each item's options come from a generator of its own (the seed and the item's key), so an item
looks the same whichever others were drawn with it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from dltutor.study.quiz.items import QuizItem, Slot
from dltutor.study.weakness import _finite, lecture_weights  # noqa: F401  (lecture_weights: part of this API)

if TYPE_CHECKING:
    from dltutor.course.model import Course, Lecture

LECTURE_QUIZ_ITEMS = 10  # one lecture: all its own questions, topped up with glossary terms to this many
MIXED_QUIZ_ITEMS = 10  # several lectures


def build_quiz(
    course: Course,
    *,
    lectures: Sequence[str] | None = None,
    n: int | None = None,
    types: Collection[str] | None = None,
    seed: int | None = None,
    weights: Mapping[str, float] | None = None,
    only_keys: Collection[str] | None = None,
) -> list[QuizItem]:
    """A quiz over `lectures` (all when None), in random order; the same seed gives the same quiz.

    `n=None` asks for a sensible size: one lecture gives all its own questions topped up with
    glossary terms to 10; several lectures give 10; `only_keys` (retrying what was missed)
    gives every one of those keys. No quiz asks a glossary term twice, so none is longer than
    its pool's own questions and distinct terms, whatever `n` asks. `weights` (lecture id -> weight) makes an item's
    chance proportional to its lecture's weight.
    """
    from dltutor.study.quiz import KINDS

    if types is None:
        types = tuple(KINDS)
    if isinstance(types, str):  # "choice" is one type, not six letters
        types = (types,)
    unknown = set(types) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown question type(s): {', '.join(sorted(map(str, unknown)))}")
    chosen = _lectures(course, lectures)
    keys = None if only_keys is None else set(only_keys)
    pool = [s for s in _pool(course, chosen) if s.type in types and (keys is None or s.key in keys)]

    rng = random.Random(seed)
    # Each item's options come from its own generator, seeded by the quiz seed and the item key,
    # so an item looks the same whichever other items were drawn with it.
    base = seed if seed is not None else rng.getrandbits(64)

    must: list[Slot] = []  # one lecture: all its own questions are in its quiz
    if n is None:
        if keys is not None:
            count = len(pool)
        elif len(chosen) == 1:
            must = [s for s in pool if getattr(KINDS[s.type], "IN_EVERY_LECTURE_QUIZ", False)]
            count = max(LECTURE_QUIZ_ITEMS, len(must))
        else:
            count = MIXED_QUIZ_ITEMS
    else:
        count = max(0, n)
    must_terms = {s.term.id for s in must if s.term is not None}
    rest = [s for s in pool if s not in must and (s.term is None or s.term.id not in must_terms)]
    picked = must + _sample(rest, count - len(must), rng, weights)
    rng.shuffle(picked)

    items = []
    for slot in picked:
        item = _materialise(course, slot, random.Random(f"{base}/{slot.key}"))
        if item is not None:
            items.append(item)
    return _unnamed_ahead(items)


def _unnamed_ahead(items: list[QuizItem]) -> list[QuizItem]:
    """Items whose feedback names no term a later question asks.

    A wrong pick among definitions is told which term it defines ("You chose B, which defines
    Hyperplane"): when Hyperplane is the blank of a later question, that would give it away. Such
    names are dropped, so that feedback quotes the definition picked instead.
    """
    from dataclasses import replace

    ahead: dict[str, int] = {}  # term id -> the last position that asks it
    for position, item in enumerate(items):
        if item.type != "short" and item.source is not None:
            ahead[getattr(item.source, "id", "")] = position
    out = []
    for position, item in enumerate(items):
        if item.option_names and any(ahead.get(t, -1) > position for t in item.option_terms):
            names = tuple("" if ahead.get(t, -1) > position else name
                          for t, name in zip(item.option_terms, item.option_names))
            item = replace(item, option_names=names)
        out.append(item)
    return out


def _lectures(course: Course, wanted: Sequence[str] | None) -> list[Lecture]:
    """The lectures asked for, by id or any name `find_lecture` knows ("3", a slug); NotFoundError otherwise."""
    if wanted is None:
        return list(course.lectures)
    if isinstance(wanted, str):  # a lone "lecture-3" is one lecture, not nine characters
        wanted = [wanted]
    from dltutor.course.lookup import find_lecture

    found = (course.lecture(name) or find_lecture(course, name) for name in wanted)
    return list({lec.id: lec for lec in found}.values())


def _pool(course: Course, lectures: Iterable[Lecture]) -> list[Slot]:
    """Every question the lectures can ask, in course order (each kind's own questions, kind by kind)."""
    from dltutor.study.quiz import KINDS

    pool: list[Slot] = []
    for lecture in lectures:
        where = {e.id: i for i, e in enumerate(lecture.glossary)}
        own = [(where.get(s.entry.id, -1) if s.entry is not None else -1, k, n, s)
               for k, kind in enumerate(KINDS.values()) for n, s in enumerate(kind.slots(course, lecture))]
        # The lecture's own questions first, then entry by entry, each entry's kinds in table order.
        pool.extend(s for *_, s in sorted(own, key=lambda t: t[:3]))
    return pool


def _sample(slots: list[Slot], count: int, rng: random.Random, weights: Mapping[str, float] | None) -> list[Slot]:
    """`count` slots without replacement, each drawn with probability proportional to its lecture's weight.

    Efraimidis-Spirakis: every slot gets the key log(u)/w for a uniform u, the largest keys win.
    """
    if count <= 0 or not slots:
        return []
    known = [w for w in (weights or {}).values() if _finite(w) and w >= 0]
    neutral = sum(known) / len(known) if known else 1.0  # a lecture missing from `weights` is average

    def weight(slot: Slot) -> float:
        w = (weights or {}).get(slot.lecture.id, neutral)
        return max(w, 0.0) if _finite(w) else 0.0

    ranked = []
    for slot in slots:
        u = 1.0 - rng.random()  # in (0, 1]: log(u) is defined
        w = weight(slot)
        ranked.append((math.log(u) / w if w > 0 else -math.inf, u, slot))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)

    picked: list[Slot] = []
    seen_terms: set[str] = set()
    for _, _, slot in ranked:
        if slot.term is not None:
            if slot.term.id in seen_terms:
                continue  # asked already in this quiz, as another kind of question
            seen_terms.add(slot.term.id)
        picked.append(slot)
    return picked[:count]




def _materialise(course: Course, slot: Slot, rng: random.Random) -> QuizItem | None:
    from dltutor.study.quiz import KINDS

    return KINDS[slot.type].make(course, slot, rng)
