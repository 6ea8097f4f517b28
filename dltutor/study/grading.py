"""Grading the learner's typed answers: short answers against key points, cloze blanks against a term.

This module owns what counts as "saying" a key point or a term: text normalisation
(case, punctuation, Unicode quotes and dashes, LaTeX), a light English stemmer, stop
words, word-order freedom and small-typo tolerance. It is pure (no I/O, no front end),
deterministic, never raises on any input string and is fast enough to grade as you type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dltutor.course.model import KeyPoint

__all__ = ["ShortAnswerGrade", "Verdict", "grade_cloze", "grade_short_answer", "stem"]

Verdict = Literal["right", "partial", "wrong"]
# What an answer earns: the one table of verdict points. A quiz answer's stored score is its points,
# and summaries, stats and the weighting towards weak lectures all count them.
POINTS: dict[str, float] = {"right": 1.0, "partial": 0.5, "wrong": 0.0}

# No learner types more than this; the cap bounds the work on pasted or hostile input.
MAX_ANSWER_CHARS = 20_000
FUZZY_RATIO = 85  # rapidfuzz fuzz.ratio: one typo in a word of 7+ letters passes
FUZZY_MIN_LEN = 5  # shorter words differ by one letter too often ("layer"/"later")

STOP_WORDS = frozenset(
    """a an the of to is are was were be been being am and or in into on onto by for from with
    as at it its this that these those which what who whom whose when where why how than then
    so such also very just can could will would may might must shall should do does did done
    has have had having there their they them we you your our i he she his her if each every
    all any some eg ie etc e g via""".split()
)

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script, so λ and δ are words too
_SPACED_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
# A phrasing with any character outside plain words and light punctuation is a formula ("t − y", "∂E/∂w").
_PLAIN = re.compile(r"[A-Za-z0-9\s'\-,.;:!?\"]*")
_CONTRACTIONS = (("won't", "will not"), ("can't", "can not"), ("cannot", "can not"), ("n't", " not"))


# --- normalisation and stemming ---------------------------------------------------------------

def _normalise(text: str) -> str:
    """Case-folded NFKC text with one kind of quote and dash, LaTeX rendered, contractions split."""
    text = text[:MAX_ANSWER_CHARS]
    if "$" in text:
        try:  # highlights carry $LaTeX$; render it so "\lambda" reads as the λ a phrasing names
            from dltutor.course.mathtext import render_math

            text = render_math(text)
        except Exception:  # a malformed formula must not cost the learner their grade
            pass
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = _DASHES.sub("-", text)
    for short, long in _CONTRACTIONS:
        text = text.replace(short, long)
    return text.replace("'", "")  # "neuron's" -> "neurons", which stems to "neuron"


# Derivational and inflectional endings, longest first; each strip keeps at least 3 letters.
_SUFFIXES = (
    ("ication", "y"), ("ization", ""), ("ational", ""), ("ability", ""), ("ative", ""), ("ation", ""),
    ("ement", ""), ("ingly", ""), ("ness", ""), ("ment", ""), ("ance", ""), ("ence", ""), ("ancy", ""),
    ("ency", ""), ("able", ""), ("ible", ""), ("ally", ""), ("ing", ""), ("ied", "y"), ("ate", ""),
    ("ity", ""), ("ize", ""), ("ward", ""), ("ion", ""), ("ive", ""), ("ent", ""), ("ed", ""), ("ly", ""), ("al", ""),
    ("iz", ""), ("e", ""), ("y", "i"),
)
_ISE = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
_UNDOUBLE = re.compile(r"([b-df-hj-km-rtv-y])\1$")  # "summ" -> "sum", but "fall", "pass" stay


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light stemmer: "updates", "updated", "updating" -> "upd"; "converges", "convergence" -> "converg".

    Not linguistics, just consistency: learner and key point words go through the same
    function, so any two forms that collapse to one stem match each other.
    """
    if len(word) <= 3 or not word.isascii():
        return word
    word = _ISE.sub(r"iz\1", word)  # British and American spellings meet: minimise == minimize
    # Plurals and third person first, so "biases" -> "bias" while "bias" keeps its s.
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("es") and (word[-3] in "sxz" or word[-4:-2] in ("ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and word[-2] not in "suia":
        word = word[:-1]
    for _ in range(3):  # a few rounds: "iteratively" -> "iterative" -> "iter"
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                base = word[: len(word) - len(suffix)]
                if suffix in ("ed", "ing"):  # Porter's repair: "updat" -> "update", "summ" -> "sum"
                    base = base + "e" if base.endswith(("at", "iz", "bl")) else _UNDOUBLE.sub(r"\1", base)
                word = base + repl
                break
        else:
            break
    return word


def _words(normalised: str) -> list[str]:
    return _WORD.findall(normalised)


def _spaced(normalised: str) -> str:
    """Words and symbols one space apart, padded: " ( t - y ) x " for matching formulas."""
    return " " + " ".join(_SPACED_TOKEN.findall(normalised)) + " "


# --- short answers ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ShortAnswerGrade:
    hit: tuple[KeyPoint, ...]
    missed: tuple[KeyPoint, ...]
    score: float  # share of key points hit, 0..1
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class _Phrasing:
    """A phrasing compiled once: alternative sets of content words (stem, word), or a formula to find verbatim."""

    variants: tuple[frozenset[tuple[str, str]], ...] = ()
    formula: str | None = None


@lru_cache(maxsize=4096)
def _compile_phrasing(phrasing: str) -> _Phrasing:
    text = _normalise(phrasing)
    raw = [w for w in _words(text) if w not in STOP_WORDS]
    if not _PLAIN.fullmatch(phrasing) or not any(len(w) >= 2 for w in raw):
        spaced = _spaced(text)
        return _Phrasing(formula=spaced) if spaced.strip() else _Phrasing()
    variants = [frozenset((stem(w), w) for w in raw)]
    if "-" in text:  # "non-linear" may be typed "nonlinear"; the answer side joins word pairs for the reverse
        variants.append(frozenset((stem(w), w) for w in _words(text.replace("-", "")) if w not in STOP_WORDS))
    return _Phrasing(variants=tuple(v for v in dict.fromkeys(variants) if v))


class _Answer:
    """An answer prepared once for all key points: its stems, long words for typos, spaced form."""

    def __init__(self, answer: str) -> None:
        text = _normalise(answer)
        words = _words(text)
        self.empty = not words and not text.strip(" \t\r\n.,;:!?'\"-")
        self.spaced = _spaced(text)
        # Adjacent pairs joined too, so "back propagation" and "feed-forward" meet their one-word forms.
        pairs = (a + b for a, b in zip(words, words[1:]))
        self.stems = {stem(w) for w in words} | {stem(p) for p in pairs}
        # Typos are looked for among stems and among whole words: a typo inside a suffix
        # ("initialzation") stems differently from the right word, yet the whole words stay close.
        self.long = sorted({w for w in (*self.stems, *words) if len(w) >= FUZZY_MIN_LEN})
        self._fuzzy: dict[tuple[str, str], bool] = {}

    def has(self, word: tuple[str, str]) -> bool:
        s, raw = word
        if s in self.stems:
            return True
        if len(raw) < FUZZY_MIN_LEN or not self.long:
            return False
        if word not in self._fuzzy:
            from rapidfuzz import fuzz, process

            self._fuzzy[word] = any(
                len(w) >= FUZZY_MIN_LEN
                and process.extractOne(w, self.long, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO) is not None
                for w in dict.fromkeys((s, raw))
            )
        return self._fuzzy[word]

    def says(self, phrasing: str) -> bool:
        p = _compile_phrasing(phrasing)
        if p.formula is not None:
            return p.formula in self.spaced
        # Every content word present, in any order: word order is the learner's own.
        return any(all(self.has(w) for w in v) for v in p.variants)


def grade_short_answer(answer: str, key_points: Sequence[KeyPoint]) -> ShortAnswerGrade:
    """Which key points the answer makes; a point counts when any of its phrasings is found."""
    points = tuple(key_points)
    a = _Answer(answer)
    if a.empty:
        return ShortAnswerGrade(hit=(), missed=points, score=0.0, verdict="wrong")
    hit = tuple(k for k in points if any(a.says(p) for p in k.phrasings))
    missed = tuple(k for k in points if k not in hit)
    score = len(hit) / len(points) if points else 1.0
    if not missed or (len(points) >= 4 and score >= 0.75):
        verdict: Verdict = "right"
    else:
        verdict = "partial" if hit else "wrong"
    return ShortAnswerGrade(hit=hit, missed=missed, score=score, verdict=verdict)


# --- cloze -------------------------------------------------------------------------------------

def _compact(text: str) -> str:
    """Letters and digits only: case, spaces, dashes and punctuation do not matter in a blank."""
    return "".join(_words(_normalise(text)))


def _names(term: str, aliases: Iterable[str]) -> set[str]:
    names = [term, re.sub(r"\([^)]*\)", " ", term), *re.findall(r"\(([^)]*)\)", term), *aliases]
    names += [part for name in list(names) for part in name.split("/")]  # "Filter/Kernel"
    return {c for c in map(_compact, names) if c}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def grade_cloze(answer: str, term: str, aliases: Sequence[str] = ()) -> bool:
    """Whether the answer typed into a blanked definition names the term (or its abbreviation or an alias)."""
    typed = _compact(answer[:1000])  # a blank holds a term, not an essay
    if not typed:
        return False
    names = _names(term, aliases)
    if typed in names or _singular(typed) in {_singular(n) for n in names}:
        return True
    if len(typed) < 4:  # "GRU" must not pass for "GRN"
        return False
    from rapidfuzz import fuzz
    from rapidfuzz.distance import DamerauLevenshtein

    # One slip (a letter missed, doubled, swapped or wrong) in a name of 4+ letters, two in 9+:
    # "epoc", "Epohc" and "rellu" are typos; fuzz.ratio alone would refuse them in short words.
    for name in names:
        if len(name) >= 4 and DamerauLevenshtein.distance(typed, name) <= (1 if len(name) < 9 else 2):
            return True
    return len(typed) >= FUZZY_MIN_LEN and any(
        len(n) >= FUZZY_MIN_LEN and fuzz.ratio(typed, n) >= FUZZY_RATIO for n in names)
