"""Fill in the blank: a glossary definition with its term blanked, to be typed back.

The prompt gives a hint (how many words, the first letter); small typos pass, but a typo that
lands on another term's name ("L2" for "L1", "batch" for "mini-batch") names that term and fails.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dltutor.course.model import GlossaryTerm
from dltutor.study.cards import glossary_key
from dltutor.study.grading import grade_cloze
from dltutor.study.quiz.items import Feedback, ItemResult, QuizItem, Slot
from dltutor.study.quiz.names import (
    BLANK,
    MIN_CLUE_WORDS,
    all_names,
    bare,
    blank,
    clue_words,
    compact,
    digits,
    main_names,
    plain,
    singular,
)

if TYPE_CHECKING:
    from dltutor.course.model import Course, GlossaryEntry, Lecture

TITLE = "fill in the blank"


def slots(course: Course, lecture: Lecture) -> list[Slot]:
    """A cloze for each glossary entry whose definition still says something once its names are blanked."""
    out = []
    for entry in lecture.glossary:
        term = course.term(entry.id)
        if term is not None and _cloze_definition(term, entry) is not None:
            out.append(Slot(f"{lecture.id}/glossary/{entry.id}/cloze", "cloze", lecture, entry=entry, term=term))
    return out


def _hint(term: GlossaryTerm) -> str:
    name = re.split(r"\s*/\s*", bare(term.term))[0]
    words = name.split()
    first = name[:1].upper()
    letters = sum(ch.isalnum() for ch in name)
    if len(words) == 1 and name.isupper() and letters <= 5:
        longer = any(len(a.split()) > 1 for a in term.aliases)
        return f"an abbreviation of {letters} letters, starting with {first}" + (
            "; the full name counts too" if longer else "")
    if len(words) == 1:
        return f"one word of {letters} letters, starting with {first}"
    return f"{len(words)} words, starting with {first}"


def _rivals(course: Course, term: GlossaryTerm) -> tuple[str, ...]:
    """Other terms' names that a typo-tolerant match would take for this term.

    "L2 Regularisation" passes for "L1 Regularisation" and "mini-batch gradient descent" for
    "batch gradient descent", one typo apart; a learner who types them names the other term.
    """
    from rapidfuzz import fuzz, process

    index = _name_index(course)
    compacts = [c for _, _, c in index]
    near: set[int] = set()
    for own in {c for c in map(compact, all_names(term)) if c}:
        # A cheap first pass in C; grade_cloze, the real judge, then looks at the few left.
        near.update(i for _, _, i in process.extract(own, compacts, scorer=fuzz.ratio, score_cutoff=75, limit=None))
    return tuple(dict.fromkeys(
        index[i][0] for i in sorted(near)
        if index[i][1] != term.id and grade_cloze(index[i][0], term.term, term.aliases)
    ))


_last_index: tuple[Course, list[tuple[str, str, str]]] | None = None


def _name_index(course: Course) -> list[tuple[str, str, str]]:
    """(name, term id, compact name) for every name in the glossary, built once per course."""
    global _last_index
    if _last_index is None or _last_index[0] is not course:
        _last_index = (course, [(name, t.id, compact(name)) for t in course.glossary for name in all_names(t)])
    return _last_index[1]



def _cloze_definition(term: GlossaryTerm, entry: GlossaryEntry) -> str | None:
    """The definition with every name of its term blanked, or None if the blanks took the clue away."""
    names = all_names(term)
    names += [part for name in main_names(term) for part in re.split(r"\s*,\s*", name)]  # "Query, Key, Value"
    shown = blank(plain(entry.definition), names)
    return shown if clue_words(shown) >= MIN_CLUE_WORDS else None  # not "The ______ in the feature space."


def make(course: Course, slot: Slot, rng: object = None) -> QuizItem | None:
    term, entry, lecture = slot.term, slot.entry, slot.lecture
    assert term is not None and entry is not None
    shown = _cloze_definition(term, entry)
    if shown is None:
        return None
    return QuizItem(
        key=slot.key, type="cloze", lecture=lecture.id,
        prompt=f"Fill in the blank ({_hint(term)}): {BLANK} — {shown}",
        answer=term.term, card_key=glossary_key(lecture.id, term.id, "definition-to-term"), source=term,
        rivals=_rivals(course, term),
    )


def _cloze_verdict(item: QuizItem, response: str) -> tuple[bool, str]:
    """Whether the blank is filled right, and how: "exact", "alias", "close" or ""."""
    term = item.source if isinstance(item.source, GlossaryTerm) else None
    aliases = tuple(term.aliases) if term is not None else ()
    own_main = [compact(n) for n in (main_names(term) if term is not None else [item.answer, bare(item.answer)])]
    own_alias = [compact(a) for a in aliases]
    typed = compact(response[:1000])
    if not typed:
        return False, ""
    if typed in own_main or singular(typed) in {singular(n) for n in own_main}:
        return True, "exact"
    if typed in own_alias or singular(typed) in {singular(n) for n in own_alias}:
        return True, "alias"
    if not grade_cloze(response, item.answer, aliases):
        return False, ""
    own = [n for n in (*own_main, *own_alias) if n]
    if digits(typed) not in {digits(n) for n in own}:  # "L3 regularisation" is not a typo of "L1"
        return False, ""
    from rapidfuzz import fuzz

    best_own = max((fuzz.ratio(typed, n) for n in own), default=0.0)
    for rival in item.rivals:  # another term's name that happens to be close: it names that term
        if fuzz.ratio(typed, compact(rival)) >= best_own:
            return False, ""
    return True, "close"




def grade(item: QuizItem, response: str) -> ItemResult:
    ok, how = _cloze_verdict(item, response)
    from dltutor.study.wording import echo

    details = Feedback(said=echo(response), model_answer=item.answer, match=how if ok else "")
    return ItemResult(item, response, "right" if ok else "wrong", 1.0 if ok else 0.0, details)
