"""Multiple choice: a glossary term and four definitions, or a definition and four terms.

Distractors are terms of the same kind from this lecture and its neighbours first
(`distractors.rank`), and never make a second right answer (`names.too_close`, texts that read the same). `parse_choice` takes a
number, a letter or the option's text, and never raises.
"""

from __future__ import annotations

import random
import re
import unicodedata
from typing import TYPE_CHECKING

from dltutor.course.model import GlossaryTerm
from dltutor.study.cards import glossary_key
from dltutor.study.quiz import distractors
from dltutor.study.quiz.items import Feedback, ItemResult, QuizItem, Slot
from dltutor.study.quiz.names import (
    MIN_CLUE_WORDS,
    all_names,
    blank,
    clue_words,
    definition_in,
    main_names,
    mentions,
    plain,
    same_text,
    too_close,
)

if TYPE_CHECKING:
    from dltutor.course.model import Course, Lecture

TITLE = "multiple choice"
OPTIONS = 4
MIN_OPTIONS = 3
LETTERS = "ABCDEFGHIJ"


def slots(course: Course, lecture: Lecture) -> list[Slot]:
    """One choice question per glossary entry of the lecture."""
    out = []
    for entry in lecture.glossary:
        term = course.term(entry.id)
        if term is not None:
            out.append(Slot(f"{lecture.id}/glossary/{entry.id}/choice", "choice", lecture, entry=entry, term=term))
    return out


def make(course: Course, slot: Slot, rng: random.Random) -> QuizItem | None:
    term, entry, lecture = slot.term, slot.entry, slot.lecture
    assert term is not None and entry is not None
    right = plain(entry.definition)
    own_names = all_names(term)
    shown = blank(right, own_names)  # an alias in the definition would give the term away too
    fair = clue_words(shown) >= MIN_CLUE_WORDS  # "The ______ in the feature space." is no question
    # A definition that names its own term would give the answer away among definitions:
    # such a term is asked the other way round, its name blanked.
    if not fair:
        direction = "term-to-definition"
    elif mentions(right, main_names(term)):
        direction = "definition-to-term"
    else:
        direction = rng.choice(("definition-to-term", "term-to-definition"))

    right_text = term.term if direction == "definition-to-term" else right
    options: list[tuple[str, GlossaryTerm]] = [(right_text, term)]
    for other in distractors.rank(course, term, lecture, rng):
        if len(options) == OPTIONS:
            break
        if too_close(term, other):
            continue
        other_definition = plain(definition_in(other, lecture))
        if same_text(right, other_definition):
            continue
        if direction == "definition-to-term":
            if mentions(shown, all_names(other)):  # the definition names it: a trap, not a question
                continue
            text = other.term
        else:
            text = other_definition
        if any(same_text(text, o) for o, _ in options):
            continue
        options.append((text, other))
    if len(options) < MIN_OPTIONS:
        return None
    rng.shuffle(options)
    correct = next(i for i, (_, t) in enumerate(options) if t.id == term.id)
    if direction == "definition-to-term":
        prompt = f"Which term does this define? {shown}"
    else:
        prompt = f"Which is the definition of {term.term}?"
    return QuizItem(
        key=slot.key, type="choice", lecture=lecture.id, prompt=prompt,
        options=tuple(o for o, _ in options), answer=options[correct][0], correct_index=correct,
        card_key=glossary_key(lecture.id, term.id, direction), source=term,
        option_terms=tuple(t.id for _, t in options), option_names=tuple(t.term for _, t in options),
    )



def _normalise_option(text: str) -> str:
    text = unicodedata.normalize("NFKC", plain(text)).casefold()
    return " ".join(text.split()).strip(" .!?'\"“”‘’")


_CHOICE_MARK = re.compile(r"\s*[(\[]?\s*([A-Za-z]|[0-9]{1,2})\s*[)\].:]?\s*", re.ASCII)
_MARKED_TEXT = re.compile(r"\s*[(\[]?\s*([A-Za-z]|[0-9]{1,2})\s*[)\].:]\s*(.+)", re.ASCII | re.S)


def parse_choice(item: QuizItem, response: str) -> int | None:
    """The option a response picks: its number ("2"), letter ("b", "B)", " B. ") or text; None if none."""
    if item.type != "choice" or not item.options or not isinstance(response, str):
        return None
    longest = max(len(o) for o in item.options)
    if len(response) > 2 * longest + 100:  # no option is that long: not one of them
        return None
    mark = _CHOICE_MARK.fullmatch(response)
    if mark:
        return _marked(item, mark.group(1))
    by_text = _option_with_text(item, response)
    if by_text is None and (marked := _MARKED_TEXT.fullmatch(response)):  # "B) Momentum", copied whole
        index = _marked(item, marked.group(1))
        if index is not None and _option_with_text(item, marked.group(2)) == index:
            return index
    return by_text


def _marked(item: QuizItem, token: str) -> int | None:
    index = int(token) - 1 if token.isdigit() else LETTERS.find(token.upper())
    return index if 0 <= index < len(item.options) else None


def _option_with_text(item: QuizItem, response: str) -> int | None:
    typed = _normalise_option(response)
    if not typed:
        return None
    for i, option in enumerate(item.options):
        forms = {_normalise_option(option)}
        if "$" in option:  # the learner may type the formula as they see it rendered
            from dltutor.course.mathtext import render_math

            forms.add(_normalise_option(render_math(option)))
        if typed in forms:
            return i
    return None



def grade(item: QuizItem, response: str) -> ItemResult:
    right = item.correct_index if item.correct_index is not None else 0
    chosen = parse_choice(item, response)
    defines = ""
    if chosen is not None and chosen != right and item.card_key.endswith("term-to-definition") \
            and chosen < len(item.option_names):
        defines = item.option_names[chosen]
    from dltutor.study.wording import echo

    details = Feedback(said=echo(response), model_answer=item.answer,
                       right_letter=LETTERS[right] if right < len(LETTERS) else str(right + 1),
                       chosen=chosen, chosen_defines=defines, options=len(item.options))
    ok = chosen == right
    return ItemResult(item, response, "right" if ok else "wrong", 1.0 if ok else 0.0, details)
