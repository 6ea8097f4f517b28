"""Quizzes built from the course: which questions, in what order, with what options, and how each is graded.

Three kinds of question: a lecture's own quiz questions answered in the learner's words
(`short`), a glossary term or definition to pick among four (`choice`), and a definition with
its term blanked, to be typed back (`cloze`). This module owns sampling (seeded, weighted
towards weak lectures), plausible distractors that never make a second right answer, the
cloze prompt and hint, and turning a typed response into a verdict with feedback.

It is pure: no I/O, no front end; every random choice comes from `random.Random(seed)`, so a
seed gives the same quiz every time. `grade` and `parse_choice` never raise on any string.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from dltutor.course.model import GlossaryTerm
from dltutor.study.grading import STOP_WORDS, grade_cloze, grade_short_answer
from dltutor.study.weakness import lecture_weights

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from dltutor.course.model import Course, GlossaryEntry, Lecture, QuizQuestion

__all__ = [
    "QUESTION_TYPES", "ItemResult", "QuestionType", "QuizItem",
    "build_quiz", "grade", "lecture_weights", "parse_choice",
]

QuestionType = Literal["short", "choice", "cloze"]
Verdict = Literal["right", "partial", "wrong"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("short", "choice", "cloze")

LECTURE_QUIZ_ITEMS = 10  # one lecture: all its own questions, topped up with glossary items to this many
MIXED_QUIZ_ITEMS = 10  # several lectures
OPTIONS = 4
MIN_OPTIONS = 3
LETTERS = "ABCDEFGHIJ"
MIN_CLUE_WORDS = 3  # content words a blanked definition must keep to be a fair question
BLANK = "______"


# Pairs of terms a definition cannot hold apart: one is a kind of the other, or the glossary's
# definition of one also fits the other (an LSTM is also "a neural network that processes
# sequential data by maintaining a hidden state"). Found by reading the whole glossary; neither
# ever stands as a distractor for the other. Names alone catch the rest (see `_too_close`).
NOT_DISTRACTORS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair) for pair in [
        # an activation function and its instances
        ("activation-function", "relu"), ("activation-function", "tanh"),
        ("activation-function", "binary-threshold-unit"), ("activation-function", "softmax-function"),
        # a perceptron is a threshold unit for binary classification
        ("perceptron", "binary-threshold-unit"),
        # "algorithm for updating weights via gradients" fits all of them
        ("backpropagation", "backpropagation-through-time"), ("backpropagation", "gradient-descent"),
        ("backpropagation", "stochastic-gradient-descent"), ("gradient-descent", "stochastic-gradient-descent"),
        # LSTM and GRU are RNNs with gates; each one's definition fits the others
        ("rnn", "lstm"), ("rnn", "gru"), ("lstm", "gru"),
        # "an architecture mapping an input sequence to an output sequence"
        ("encoder-decoder", "rnn"), ("encoder-decoder", "lstm"), ("encoder-decoder", "gru"),
        ("encoder-decoder", "transformer"),
        # BERT is a Transformer
        ("transformer", "bert"),
        # kinds of attention
        ("attention-mechanism", "self-attention"), ("attention-mechanism", "multi-head-attention"),
        ("self-attention", "multi-head-attention"),
    ]
)


# --- what a quiz is made of ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuizItem:
    """One question as the learner meets it, with what is needed to grade it."""

    key: str  # stable: "lecture-3/quiz/2", "lecture-3/glossary/learning-rate/choice", ".../cloze"
    type: QuestionType
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
class ItemResult:
    item: QuizItem
    response: str  # as the learner typed it
    verdict: Verdict
    score: float  # 1.0 right, 0.0 wrong; short answers: share of key points made
    key_points_hit: tuple[str, ...]
    key_points_missed: tuple[str, ...]
    feedback: str  # one or two plain sentences


@dataclass(frozen=True, slots=True)
class _Slot:
    """A question that could be asked, before its options are drawn."""

    key: str
    type: QuestionType
    lecture: Lecture
    question: QuizQuestion | None = None
    entry: GlossaryEntry | None = None
    term: GlossaryTerm | None = None


# --- building a quiz ----------------------------------------------------------------------------

def build_quiz(
    course: Course,
    *,
    lectures: Sequence[str] | None = None,
    n: int | None = None,
    types: Collection[QuestionType] = QUESTION_TYPES,
    seed: int | None = None,
    weights: Mapping[str, float] | None = None,
    only_keys: Collection[str] | None = None,
) -> list[QuizItem]:
    """A quiz over `lectures` (all when None), in random order; the same seed gives the same quiz.

    `n=None` asks for a sensible size: one lecture gives all its own questions topped up with
    glossary items to 10; several lectures give 10; `only_keys` (retrying what was missed)
    gives every one of those keys. `weights` (lecture id -> weight) makes an item's chance
    proportional to its lecture's weight. A quiz asks about a glossary term once while the
    pool allows it, so a cloze never gives away the answer to a choice in the same quiz.
    """
    if isinstance(types, str):  # "choice" is one type, not six letters
        types = (types,)
    unknown = set(types) - set(QUESTION_TYPES)
    if unknown:
        raise ValueError(f"unknown question type(s): {', '.join(sorted(map(str, unknown)))}")
    chosen = _lectures(course, lectures)
    keys = None if only_keys is None else set(only_keys)
    pool = [s for s in _pool(course, chosen) if s.type in types and (keys is None or s.key in keys)]

    rng = random.Random(seed)
    # Each item's options come from its own generator, seeded by the quiz seed and the item key,
    # so an item looks the same whichever other items were drawn with it.
    base = seed if seed is not None else rng.getrandbits(64)

    must: list[_Slot] = []
    if n is None:
        if keys is not None:
            count = len(pool)
        elif len(chosen) == 1:
            must = [s for s in pool if s.type == "short"]
            count = max(LECTURE_QUIZ_ITEMS, len(must))
        else:
            count = MIXED_QUIZ_ITEMS
    else:
        count = max(0, n)
    rest = [s for s in pool if s.type != "short"] if must else pool
    picked = must + _sample(rest, count - len(must), rng, weights)
    rng.shuffle(picked)

    items = []
    for slot in picked:
        item = _materialise(course, slot, random.Random(f"{base}/{slot.key}"))
        if item is not None:
            items.append(item)
    return items


def _lectures(course: Course, wanted: Sequence[str] | None) -> list[Lecture]:
    """The lectures asked for, by id or any name `find_lecture` knows ("3", a slug); NotFoundError otherwise."""
    if wanted is None:
        return list(course.lectures)
    if isinstance(wanted, str):  # a lone "lecture-3" is one lecture, not nine characters
        wanted = [wanted]
    from dltutor.course.lookup import find_lecture

    found = (course.lecture(name) or find_lecture(course, name) for name in wanted)
    return list({lec.id: lec for lec in found}.values())


def _pool(course: Course, lectures: Iterable[Lecture]) -> list[_Slot]:
    """Every question the lectures can ask, in course order."""
    pool: list[_Slot] = []
    for lecture in lectures:
        for q in lecture.quiz:
            pool.append(_Slot(f"{lecture.id}/quiz/{q.number}", "short", lecture, question=q))
        for entry in lecture.glossary:
            term = course.term(entry.id)
            if term is None:  # the loader merges every entry into the glossary; be safe anyway
                continue
            pool.append(_Slot(f"{lecture.id}/glossary/{entry.id}/choice", "choice", lecture, entry=entry, term=term))
            if _cloze_definition(term, entry) is not None:
                pool.append(_Slot(f"{lecture.id}/glossary/{entry.id}/cloze", "cloze", lecture, entry=entry, term=term))
    return pool


def _sample(slots: list[_Slot], count: int, rng: random.Random, weights: Mapping[str, float] | None) -> list[_Slot]:
    """`count` slots without replacement, each drawn with probability proportional to its lecture's weight.

    Efraimidis-Spirakis: every slot gets the key log(u)/w for a uniform u, the largest keys win.
    """
    if count <= 0 or not slots:
        return []
    known = [w for w in (weights or {}).values() if _finite(w) and w >= 0]
    neutral = sum(known) / len(known) if known else 1.0  # a lecture missing from `weights` is average

    def weight(slot: _Slot) -> float:
        w = (weights or {}).get(slot.lecture.id, neutral)
        return max(w, 0.0) if _finite(w) else 0.0

    ranked = []
    for slot in slots:
        u = 1.0 - rng.random()  # in (0, 1]: log(u) is defined
        w = weight(slot)
        ranked.append((math.log(u) / w if w > 0 else -math.inf, u, slot))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)

    picked: list[_Slot] = []
    held_back: list[_Slot] = []
    seen_terms: set[str] = set()
    for _, _, slot in ranked:
        if slot.term is not None and slot.term.id in seen_terms:
            held_back.append(slot)  # asked already in this quiz; only if nothing else is left
            continue
        if slot.term is not None:
            seen_terms.add(slot.term.id)
        picked.append(slot)
    return (picked + held_back)[:count]


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def _materialise(course: Course, slot: _Slot, rng: random.Random) -> QuizItem | None:
    if slot.type == "short":
        q = slot.question
        assert q is not None
        return QuizItem(
            key=slot.key, type="short", lecture=slot.lecture.id, prompt=q.question, answer=q.answer,
            card_key=f"{slot.lecture.id}/quiz/{q.number}/question-to-answer", source=q,
        )
    if slot.type == "choice":
        return _choice_item(course, slot, rng)
    return _cloze_item(course, slot)


# --- names, blanks and closeness --------------------------------------------------------------

def _plain(text: str) -> str:
    """Definition text for a prompt: Markdown emphasis dropped, spaces tidied."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def _bare(term: str) -> str:
    """The name without its parenthesis: "Learning Rate (λ)" -> "Learning Rate"."""
    return re.sub(r"\s*\([^)]*\)", "", term).strip() or term


def _main_names(term: GlossaryTerm) -> list[str]:
    """The term's own names: as written, bare, the abbreviation in parentheses, the parts of "Filter/Kernel"."""
    names = [term.term, _bare(term.term), *re.findall(r"\(([^)]*)\)", term.term)]
    names += [part for name in list(names) for part in re.split(r"\s*/\s*", name)]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def _all_names(term: GlossaryTerm) -> list[str]:
    names = [*_main_names(term), *term.aliases]
    names += [part for alias in term.aliases for part in re.split(r"\s*/\s*", alias)]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def _compact(text: str) -> str:
    """Letters and digits only, case-folded: how two spellings of one name are compared."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _name_words(name: str) -> frozenset[str]:
    return frozenset(_singular(w) for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold()))


@lru_cache(maxsize=8192)
def _too_close(a: GlossaryTerm, b: GlossaryTerm) -> bool:
    """Whether `b` could pass for `a`: then it must never be offered as a wrong option for `a`.

    The same term; a pair the glossary review found (`NOT_DISTRACTORS`); a shared name or
    alias (plural or not); main names one typo apart with the same digits ("L1"/"L2" are two
    things, "ResNet"/"ResNets" one); or one main name inside the other ("Gradient Descent" in
    "Stochastic Gradient Descent": a kind of it).
    """
    if a.id == b.id or frozenset((a.id, b.id)) in NOT_DISTRACTORS:
        return True
    names_a = {_singular(c) for c in map(_compact, _all_names(a)) if c}
    names_b = {_singular(c) for c in map(_compact, _all_names(b)) if c}
    if names_a & names_b:
        return True
    from rapidfuzz import fuzz

    for x in _main_names(a):
        for y in _main_names(b):
            cx, cy = _compact(x), _compact(y)
            if min(len(cx), len(cy)) >= 5 and _digits(cx) == _digits(cy) and fuzz.ratio(cx, cy) >= 88:
                return True
            wx, wy = _name_words(x), _name_words(y)
            if wx and wy and (wx <= wy or wy <= wx):
                return True
    return False


@lru_cache(maxsize=8192)
def _same_text(a: str, b: str) -> bool:
    """Two definitions (or option texts) that read as the same: then they cannot be two options."""
    if _compact(a) == _compact(b):
        return True
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a.casefold(), b.casefold()) >= 90


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A regex that finds any of the names as whole words, plural or not, with spaces or dashes between words."""
    alternatives = []
    for name in sorted(set(names), key=len, reverse=True):
        words = [w for w in re.split(r"[\s\-]+", name) if w]
        if not words or (len(name) < 2 and name.isascii()):  # "Q" of "Q/K/V" would blank every stray Q
            continue
        alternatives.append(r"[\s\-]*".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:e?s)?(?!\w)", re.IGNORECASE)


def _prose(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is prose, piece): a blank or a name search never reaches inside `$...$` LaTeX."""
    return [(i % 2 == 0, piece) for i, piece in enumerate(re.split(r"(\$[^$]*\$)", text))]


def _blank(text: str, names: Iterable[str]) -> str:
    pattern = _name_pattern(names)
    if pattern is None:
        return text
    return "".join(pattern.sub(BLANK, piece) if prose else piece for prose, piece in _prose(text))


def _mentions(text: str, names: Iterable[str]) -> bool:
    pattern = _name_pattern(names)
    return pattern is not None and any(prose and pattern.search(piece) for prose, piece in _prose(text))


def _definition_in(term: GlossaryTerm, lecture: Lecture) -> str:
    """A term's definition as `lecture` gives it, else from the lecture nearest to it."""
    own = next((d.text for d in term.definitions if d.lecture == lecture.id), None)
    if own is not None:
        return own

    def distance(d) -> tuple[int, str]:
        number = re.search(r"\d+$", d.lecture)
        return (abs(int(number.group()) - lecture.number) if number else 999, d.lecture)

    return min(term.definitions, key=distance).text


# --- multiple choice ----------------------------------------------------------------------------

def _choice_item(course: Course, slot: _Slot, rng: random.Random) -> QuizItem | None:
    term, entry, lecture = slot.term, slot.entry, slot.lecture
    assert term is not None and entry is not None
    right = _plain(entry.definition)
    own_names = _all_names(term)
    shown = _blank(right, own_names)  # an alias in the definition would give the term away too
    fair = _clue_words(shown) >= MIN_CLUE_WORDS  # "The ______ in the feature space." is no question
    # A definition that names its own term would give the answer away among definitions:
    # such a term is asked the other way round, its name blanked.
    if not fair:
        direction = "term-to-definition"
    elif _mentions(right, _main_names(term)):
        direction = "definition-to-term"
    else:
        direction = rng.choice(("definition-to-term", "term-to-definition"))

    same_lecture = [course.term(e.id) for e in lecture.glossary]
    related_ids = set(term.see_also) | {t.id for t in course.glossary if term.id in t.see_also}
    near = {lecture.number - 1, lecture.number + 1}
    related = [t for t in course.glossary if t.id in related_ids or any(
        (lec := course.lecture(d.lecture)) is not None and lec.number in near for d in t.definitions)]
    tiers = [[t for t in same_lecture if t is not None], related, list(course.glossary)]

    right_text = term.term if direction == "definition-to-term" else right
    options: list[tuple[str, GlossaryTerm]] = [(right_text, term)]
    tried: set[str] = set()
    for tier in tiers:
        candidates = [t for t in tier if t.id not in tried]
        rng.shuffle(candidates)
        for other in candidates:
            if len(options) == OPTIONS:
                break
            tried.add(other.id)
            if _too_close(term, other):
                continue
            other_definition = _plain(_definition_in(other, lecture))
            if _same_text(right, other_definition):
                continue
            if direction == "definition-to-term":
                if _mentions(shown, _all_names(other)):  # the definition names it: a trap, not a question
                    continue
                text = other.term
            else:
                text = other_definition
            if any(_same_text(text, o) for o, _ in options):
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
        card_key=f"{lecture.id}/glossary/{term.id}/{direction}", source=term,
        option_terms=tuple(t.id for _, t in options), option_names=tuple(t.term for _, t in options),
    )


def _normalise_option(text: str) -> str:
    text = unicodedata.normalize("NFKC", _plain(text)).casefold()
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


# --- cloze --------------------------------------------------------------------------------------

def _hint(term: GlossaryTerm) -> str:
    name = re.split(r"\s*/\s*", _bare(term.term))[0]
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
    for own in {c for c in map(_compact, _all_names(term)) if c}:
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
        _last_index = (course, [(name, t.id, _compact(name)) for t in course.glossary for name in _all_names(t)])
    return _last_index[1]


def _clue_words(text: str) -> int:
    """Content words left in a definition once its blanks are out."""
    return len([w for w in re.findall(r"[^\W_]+", text.replace(BLANK, " ").casefold()) if w not in STOP_WORDS])


def _cloze_definition(term: GlossaryTerm, entry: GlossaryEntry) -> str | None:
    """The definition with every name of its term blanked, or None if the blanks took the clue away."""
    names = _all_names(term)
    names += [part for name in _main_names(term) for part in re.split(r"\s*,\s*", name)]  # "Query, Key, Value"
    shown = _blank(_plain(entry.definition), names)
    return shown if _clue_words(shown) >= MIN_CLUE_WORDS else None  # not "The ______ in the feature space."


def _cloze_item(course: Course, slot: _Slot) -> QuizItem | None:
    term, entry, lecture = slot.term, slot.entry, slot.lecture
    assert term is not None and entry is not None
    shown = _cloze_definition(term, entry)
    if shown is None:
        return None
    return QuizItem(
        key=slot.key, type="cloze", lecture=lecture.id,
        prompt=f"Fill in the blank ({_hint(term)}): {BLANK} — {shown}",
        answer=term.term, card_key=f"{lecture.id}/glossary/{term.id}/definition-to-term", source=term,
        rivals=_rivals(course, term),
    )


def _cloze_verdict(item: QuizItem, response: str) -> tuple[bool, str]:
    """Whether the blank is filled right, and how: "exact", "alias", "close" or ""."""
    term = item.source if isinstance(item.source, GlossaryTerm) else None
    aliases = tuple(term.aliases) if term is not None else ()
    own_main = [_compact(n) for n in (_main_names(term) if term is not None else [item.answer, _bare(item.answer)])]
    own_alias = [_compact(a) for a in aliases]
    typed = _compact(response[:1000])
    if not typed:
        return False, ""
    if typed in own_main or _singular(typed) in {_singular(n) for n in own_main}:
        return True, "exact"
    if typed in own_alias or _singular(typed) in {_singular(n) for n in own_alias}:
        return True, "alias"
    if not grade_cloze(response, item.answer, aliases):
        return False, ""
    own = [n for n in (*own_main, *own_alias) if n]
    if _digits(typed) not in {_digits(n) for n in own}:  # "L3 regularisation" is not a typo of "L1"
        return False, ""
    from rapidfuzz import fuzz

    best_own = max((fuzz.ratio(typed, n) for n in own), default=0.0)
    for rival in item.rivals:  # another term's name that happens to be close: it names that term
        if fuzz.ratio(typed, _compact(rival)) >= best_own:
            return False, ""
    return True, "close"


# --- grading ------------------------------------------------------------------------------------

def _sentence(text: str) -> str:
    """Text ending in exactly one full stop (a definition option often has its own)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _echo(response: str, limit: int = 40) -> str:
    """The learner's text, safe to print in feedback: one line, no control characters, no lone surrogates."""
    from dltutor.textsafe import clean_line

    text = response.encode("utf-8", "replace").decode("utf-8")
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def grade(item: QuizItem, response: str) -> ItemResult:
    """The verdict on one response, with feedback that says the right answer after a miss."""
    if not isinstance(response, str):
        response = "" if response is None else str(response)
    if item.type == "short":
        return _grade_short(item, response)
    if item.type == "choice":
        return _grade_choice(item, response)
    return _grade_cloze(item, response)


def _grade_short(item: QuizItem, response: str) -> ItemResult:
    key_points = getattr(item.source, "key_points", ())
    g = grade_short_answer(response, key_points)
    hit = tuple(k.text for k in g.hit)
    missed = tuple(k.text for k in g.missed)
    total = len(hit) + len(missed)
    if not response.strip():
        feedback = "No answer given; a good answer mentions: " + "; ".join(missed) + "."
    elif g.verdict == "right" and not missed:
        feedback = "Right: you made every key point."
    elif g.verdict == "right":
        feedback = f"Right: {len(hit)} of {total} key points; you could also mention: {'; '.join(missed)}."
    elif g.verdict == "partial":
        feedback = f"Partly right: {len(hit)} of {total} key points; missing: {'; '.join(missed)}."
    else:
        feedback = f"Not yet: a good answer mentions: {'; '.join(missed)}."
    return ItemResult(item, response, g.verdict, g.score, hit, missed, feedback)


def _grade_choice(item: QuizItem, response: str) -> ItemResult:
    right = item.correct_index if item.correct_index is not None else 0
    letter = LETTERS[right] if right < len(LETTERS) else str(right + 1)
    answer = f"{letter}: {item.answer}"
    chosen = parse_choice(item, response)
    if chosen == right:
        return ItemResult(item, response, "right", 1.0, (), (), _sentence(f"Right: {answer}"))
    if chosen is None:
        said = _echo(response)
        if not said:
            head = "No option chosen."
        else:
            span = f" (1-{len(item.options)} or A-{LETTERS[len(item.options) - 1]})" if item.options else ""
            head = f"'{said}' is not one of the options{span}."
        feedback = f"{head} {_sentence(f'The answer is {answer}')}"
    elif item.card_key.endswith("term-to-definition") and chosen < len(item.option_names):
        picked = f"You chose {LETTERS[chosen]}, which defines {item.option_names[chosen]}."
        feedback = f"{_sentence(f'The answer is {answer}')} {picked}"
    else:
        picked = f"You chose {LETTERS[chosen]}: {_sentence(item.options[chosen])}"
        feedback = f"{_sentence(f'The answer is {answer}')} {picked}"
    return ItemResult(item, response, "wrong", 0.0, (), (), feedback)


def _grade_cloze(item: QuizItem, response: str) -> ItemResult:
    ok, how = _cloze_verdict(item, response)
    said = _echo(response)
    if ok:
        if how == "exact":
            feedback = f"Right: {item.answer}."
        elif how == "alias":
            feedback = f"Right: '{said}' is another name for {item.answer}."
        else:
            feedback = f"Right: the term is {item.answer} (you wrote '{said}': close enough)."
        return ItemResult(item, response, "right", 1.0, (), (), feedback)
    if not said:
        feedback = f"No answer given; the term is {item.answer}."
    else:
        feedback = f"The term is {item.answer} (you wrote '{said}')."
    return ItemResult(item, response, "wrong", 0.0, (), (), feedback)
