"""Judging a learner's short answer by what it says: each key point made, missed or contradicted.

An answer and every phrasing of a key point are read the same way (`dltutor.study.text.read`)
and turned into units of meaning through the course lexicon (`dltutor.study.lexicon`): "shrink",
"get smaller" and "vanish" are one concept said one way, "grow" the same concept said the
opposite way. A phrasing is made when all its units occur in one clause of the answer with the
same polarity; it is contradicted when they occur with the opposite polarity: under a negation
whose scope covers them ("it does not converge", "no velocity", "without a bias") or through an
antonym ("at test time" for "during training", "weakens" for "strengthens"). A key point that
is itself negative ("does not converge") is matched the same way, so "it never settles" makes
it and "it converges" contradicts it. Misconceptions are matched like phrasings; an answer that
states one, or contradicts a key point, is wrong whatever else it says.

A list of terms with no statement ("query key value weights") is keyword salad: at most partly
right, with a nudge; a letter, a symbol or a fragment of a formula makes no key point. Where the
grader cannot tell (most, not all, of a phrasing is there), the point is `unsure` and the answer's
confidence drops, so a front end can ask the learner to judge it.

Pure and deterministic; never raises on any string; a few milliseconds per answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from dltutor.study.text import (
    ARTICLES,
    MAX_ANSWER_CHARS,
    NEGATION_CUES,
    PREFIXES,
    STOP_WORDS,
    Reading,
    compact,
    read,
    singular,
    stem,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dltutor.course.model import KeyPoint, Misconception

__all__ = [
    "Outcome", "PointJudgement", "ShortAnswerGrade", "Stated", "Verdict",
    "compact", "grade_cloze", "grade_short_answer", "singular", "stem",
]

Verdict = Literal["right", "partial", "wrong"]
Outcome = Literal["made", "missed", "contradicted", "unsure"]
# What an answer earns: the one table of verdict points. A quiz answer's stored score is its points,
# and summaries, stats and the weighting towards weak lectures all count them.
POINTS: dict[str, float] = {"right": 1.0, "partial": 0.5, "wrong": 0.0, "skipped": 0.0}  # a skip: no answer, no points

FUZZY_RATIO = 85  # rapidfuzz fuzz.ratio: one typo in a word of 7+ letters passes
FUZZY_MIN_LEN = 5  # shorter words differ by one letter too often ("layer"/"later")
# A negation whose object is a noun phrase ("no velocity", "without a bias") reaches only as far
# as the next verb: "without them the network is linear" does not negate "linear".
NOUN_CUES = frozenset({"no", "without", "none", "nothing", "lack", "lacks", "lacking"})
AUXILIARIES = frozenset("""is are was were be been being am has have had does do did can could will would
may might must shall should gets get got becomes become makes make lets let means""".split())

# Confidence in each outcome: a full match in one clause is strong evidence either way.
CONFIDENCE = {"made": 0.9, "contradicted": 0.85, "missed": 0.9, "unsure": 0.4}


# --- results ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PointJudgement:
    point: KeyPoint
    outcome: Outcome
    quote: str = ""  # the learner's words that made or contradicted it
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Stated:
    """A misconception the answer states, with the learner's words that state it."""

    misconception: Misconception
    quote: str


@dataclass(frozen=True, slots=True)
class ShortAnswerGrade:
    points: tuple[PointJudgement, ...]
    misconceptions: tuple[Stated, ...]
    verdict: Verdict
    score: float  # share of key points made, 0..1 (0 when the answer is wrong)
    confidence: float  # 0..1: how sure the grader is of this verdict
    salad: bool = False  # terms without a statement

    def _with(self, outcome: str) -> tuple[KeyPoint, ...]:
        return tuple(j.point for j in self.points if j.outcome == outcome)

    @property
    def hit(self) -> tuple[KeyPoint, ...]:
        return self._with("made")

    @property
    def missed(self) -> tuple[KeyPoint, ...]:
        return tuple(j.point for j in self.points if j.outcome in ("missed", "unsure"))

    @property
    def contradicted(self) -> tuple[KeyPoint, ...]:
        return self._with("contradicted")

    @property
    def unsure(self) -> tuple[KeyPoint, ...]:
        return self._with("unsure")


def verdict_for(made: int, total: int) -> Verdict:
    """Right when every key point is made (or 3 of 4, 4 of 5 ... when there are four or more)."""
    if total and (made == total or (total >= 4 and made / total >= 0.75)):
        return "right"
    return "partial" if made else "wrong"


# --- the lexicon, compiled once -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Entry:
    stems: tuple[str, ...]
    words: tuple[str, ...]  # as written: a negation inside a phrase must be that very word
    concepts: tuple[tuple[str, int], ...]  # (concept, +1 or -1), the broader ones included
    own: tuple[str, ...]  # the concepts the lexicon lists the phrase under
    predicate: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, tuple[_Entry, ...]]  # longest first
    vocabulary: frozenset[str]  # every stem the lexicon knows
    words: tuple[str, ...]  # its words of FUZZY_MIN_LEN+ letters, for typos
    predicates: frozenset[str]
    polar: frozenset[str]  # concepts with an opposite
    verbs: frozenset[str]


@lru_cache(maxsize=16384)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.word for t in read(phrase).tokens if t.word not in ARTICLES)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    from dltutor.study.lexicon import BROADER, CONCEPTS, VERBS

    found: dict[tuple[str, ...], dict[str, int]] = {}
    predicates: set[str] = set()
    polar: set[str] = set()
    spelled: dict[tuple[str, ...], tuple[str, ...]] = {}
    raw_words: set[str] = set()
    for line in CONCEPTS.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, rest = line.partition(":")
        name = name.strip()
        if name.endswith("~"):
            name = name[:-1]
            predicates.add(name)
        said, _, opposite = rest.partition("|")
        if opposite.strip():
            polar.add(name)
        for sign, phrases in ((1, said), (-1, opposite)):
            for phrase in phrases.split(","):
                words = _phrase_words(phrase)
                if not words:
                    continue
                raw_words.update(w for w in words if len(w) >= FUZZY_MIN_LEN and w.isalpha())
                key = tuple(stem(w) for w in words)
                found.setdefault(key, {})[name] = sign
                spelled.setdefault(key, tuple(words))
    by_first: dict[str, list[_Entry]] = {}
    for key, concepts in found.items():
        own = tuple(sorted(concepts))
        for name in own:  # a concept implies the broader ones
            for broader in BROADER.get(name, ()):
                concepts.setdefault(broader, 1)
        entry = _Entry(key, spelled[key], tuple(sorted(concepts.items())), own, any(c in predicates for c in concepts))
        by_first.setdefault(key[0], []).append(entry)
    vocabulary = frozenset(s for key in found for s in key)
    return _Lexicon(
        by_first={k: tuple(sorted(v, key=lambda e: -len(e.stems))) for k, v in by_first.items()},
        vocabulary=vocabulary, words=tuple(sorted(raw_words)), predicates=frozenset(predicates),
        polar=frozenset(polar - {"more"}),
        verbs=frozenset(stem(v) for v in VERBS) | frozenset(VERBS),
    )


# --- units of meaning -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Unit:
    concepts: tuple[tuple[str, int], ...]
    own: tuple[str, ...]  # what the words say, before broader concepts are added
    index: int  # place among the answer's words
    start: int
    end: int
    sentence: int
    clause: int
    cues: frozenset[int]
    predicate: bool
    known: bool  # from the lexicon (not a bare word)
    conditional: bool = False  # in a clause under "without ..." or "otherwise"

    def sign(self, concepts: Iterable[str]) -> int:
        """The sign this unit gives the first of `concepts` it carries."""
        mine = dict(self.concepts)
        return next((mine[c] for c in concepts if c in mine), 1)

    def has(self, concepts: Iterable[str]) -> bool:
        """Whether this unit says one of `concepts` (what a phrasing's word says, any of its senses)."""
        mine = dict(self.concepts)
        return any(c in mine for c in concepts)

    def has_all(self, concepts: Iterable[str]) -> bool:
        mine = dict(self.concepts)
        return all(c in mine for c in concepts)


@dataclass(frozen=True, slots=True)
class _Analysis:
    reading: Reading
    units: tuple[_Unit, ...]
    words: int  # word tokens of 2+ letters
    formula: bool  # an equation: "=" with something either side


@lru_cache(maxsize=256)
def _corrector(extra: frozenset[str]):
    """A typo fixer towards the words the lexicon and this question's phrasings know."""
    lex = _lexicon()
    known = lex.vocabulary | {stem(w) for w in extra}
    candidates = tuple(sorted(set(lex.words) | {w for w in extra if len(w) >= FUZZY_MIN_LEN}))
    cache: dict[str, str] = {}  # per question: a learner's typo is looked up once

    def fix(word: str) -> str:
        if len(word) < FUZZY_MIN_LEN or not word.isalpha() or stem(word) in known or word in STOP_WORDS:
            return word
        if word not in cache:
            from rapidfuzz import fuzz, process

            best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO)
            cache[word] = best[0] if best is not None else word
        return cache[word]

    return fix


def _units(reading: Reading, fix=None) -> tuple[_Unit, ...]:
    lex = _lexicon()
    toks = [t for t in reading.tokens if t.word not in ARTICLES]
    words = [fix(t.word) if fix is not None and not t.symbol else t.word for t in toks]
    # Prefixes written apart meet their one-word forms: "non linear", "feed forward", "co adaptation".
    joined: list[tuple[str, int, int]] = []  # (word, first token, last token)
    i = 0
    while i < len(words):
        w = words[i]
        if w in PREFIXES and i + 1 < len(words) and stem(w + words[i + 1]) in lex.vocabulary:
            joined.append((w + words[i + 1], i, i + 1))
            i += 2
        else:
            joined.append((w, i, i))
            i += 1
    stems = [stem(w) for w, _, _ in joined]
    cue_at = _cue_positions(toks)
    opened = {at: c for c, at in cue_at.items()}
    cancelled: set[int] = set()  # cues that a lexicon phrase took in ("no longer", "almost no", "forget gate")
    found: list[tuple[int, int, _Entry | None]] = []
    i = 0
    while i < len(joined):
        entry = next((e for e in lex.by_first.get(stems[i], ())
                      if tuple(stems[i:i + len(e.stems)]) == e.stems and all(
                          joined[i + k][0] == w for k, w in enumerate(e.words)
                          if _exact(joined[i + k][0]) or _exact(w))), None)
        n = len(entry.stems) if entry else 1
        if entry is not None:
            cancelled.update(opened[t] for k in range(i, i + n)
                             for t in range(joined[k][1], joined[k][2] + 1) if t in opened)
        found.append((i, i + n - 1, entry))
        i += n
    units: list[_Unit] = []
    for first, last, entry in found:
        at0, at1 = joined[first][1], joined[last][2]
        t0, t1 = toks[at0], toks[at1]
        word = joined[first][0]
        if entry is None:
            if word in STOP_WORDS or word in NEGATION_CUES or t0.symbol or len(word) < 2:
                continue
            concepts: tuple[tuple[str, int], ...] = ((stems[first], 1),)
            own = (stems[first],)
            predicate = word in lex.verbs or stems[first] in lex.verbs or (
                len(word) > 4 and word.endswith(("ed", "ing")))
            known = False
        else:
            concepts, own, predicate, known = entry.concepts, entry.own, entry.predicate, True
        cues = frozenset(c for c in t0.cues | t1.cues if c not in cancelled and _in_scope(cue_at[c], toks, at0))
        if word == "longer" and at0 > 0 and toks[at0 - 1].word == "no":  # "no longer X" negates X
            continue
        units.append(_Unit(concepts, own, len(units), t0.start, t1.end, t0.sentence, t0.clause, cues, predicate, known,
                           t0.clause in reading.conditional))
    return _fold_comparatives(units, reading.text)


COMPARATIVES = frozenset("""more less fewer lower higher greater reduce reduces reduced reducing increase increases
increased increasing decrease decreases decreased decreasing""".split())


def _word(text: str, u: _Unit) -> str:
    return text[u.start:u.end]


_GAP = re.compile(r"[\s,]*(?:(?:as|so|much|far|very|way|even|a|an|the)\s+)*", re.I)


def _fold_comparatives(units: list[_Unit], text: str) -> tuple[_Unit, ...]:
    """"less noisy" says "smooth", "matters less" says "does not matter": a bare comparative next to a
    concept that has an opposite turns that concept round, instead of standing as a unit of its own."""
    lex = _lexicon()
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        v = units[i + 1] if i + 1 < len(units) else None
        pair = None
        if v is not None and u.clause == v.clause and _GAP.fullmatch(text[u.end:v.start]):
            before, after = _word(text, u).casefold(), _word(text, v).casefold()
            if before in COMPARATIVES and any(c in lex.polar for c, _ in v.concepts):
                pair = (u, v)
            elif after in ("less", "more") and any(c in lex.polar for c, _ in u.concepts) and not (
                    i + 2 < len(units) and units[i + 2].clause == v.clause
                    and _GAP.fullmatch(text[v.end:units[i + 2].start])
                    and any(c in lex.polar for c, _ in units[i + 2].concepts)):  # "gives less noisy": less -> noisy
                pair = (v, u)
        if pair is None:
            out.append(u)
            i += 1
            continue
        comparative, polar = pair
        sign = comparative.concepts[0][1]
        concepts = tuple((c, s * sign if c in lex.polar else s) for c, s in polar.concepts)
        out.append(_Unit(concepts, polar.own, len(out), min(u.start, v.start), max(u.end, v.end), u.sentence, u.clause,
                         u.cues | v.cues, True, True, u.conditional))
        i += 2
    return tuple(_Unit(u.concepts, u.own, n, u.start, u.end, u.sentence, u.clause, u.cues, u.predicate, u.known,
                       u.conditional) for n, u in enumerate(out))


def _exact(word: str) -> bool:
    """Negations and stop words match a phrase only as themselves: "not" is no stem of "notion", "for" none of "forward"."""
    return word in NEGATION_CUES or word in STOP_WORDS


def _cue_positions(toks) -> dict[int, int]:
    """Where each negation cue stands among the tokens (its first token carries it)."""
    out: dict[int, int] = {}
    for i, t in enumerate(toks):
        for c in t.cues:
            out.setdefault(c, i)
    return out


def _in_scope(at: int, toks, here: int) -> bool:
    """A noun-phrase negation ("no", "without") stops at the first verb after it; the others reach the clause end."""
    if toks[at].word not in NOUN_CUES:
        return True
    if toks[at].word == "no" and at + 1 < len(toks) and toks[at + 1].word == "longer":
        return True
    return not any(t.word in AUXILIARIES or t.word in NEGATION_CUES for t in toks[at + 1:here])


def _has_predicate(units: Sequence[_Unit], reading: Reading) -> bool:
    """Whether the answer states something rather than listing terms.

    A statement has a verb of plain English, a negation, a comparison, an equation, or at least
    the small words that join a sentence together (to, of, by, the, it, ...). A list of terms
    ("query key value weights", "fire together wire together", "unroll BPTT gradients") has none.
    """
    if reading.cue_words:
        return True
    lex = _lexicon()
    for t in reading.tokens:
        if t.word in lex.verbs or t.word in COMPARATIVES or t.word in ("=", "→", "←", "than"):
            return True
        if t.word in STOP_WORDS and t.word not in LIST_WORDS:
            return True
    return False


# Words that may join the items of a list without making it a sentence.
LIST_WORDS = frozenset({"or", "etc", "e", "g", "eg", "ie", "vs", "he"})  # "He initialisation"


def _elliptic(units: tuple[_Unit, ...], reading: Reading) -> tuple[_Unit, ...]:
    """A clause without a verb of its own shares the previous clause's ("reduces overfitting and computation")."""
    lex = _lexicon()
    verbs: dict[int, bool] = {}
    for t in reading.tokens:
        verbs[t.clause] = verbs.get(t.clause, False) or t.word in lex.verbs or t.word in NEGATION_CUES
    for u in units:
        first = reading.text[u.start:u.end].split()[0].casefold() if u.end > u.start else ""
        if u.predicate and len(first) > 3 and first.endswith(("s", "ed", "ing")) and not first.endswith("ss"):
            verbs[u.clause] = True  # an inflected verb of the lexicon: "pushes through", "reducing"
    out, previous, into = [], None, {}
    for u in units:
        if u.clause != previous:
            if previous is not None and not verbs.get(u.clause) and out and out[-1].sentence == u.sentence \
                    and u.clause in reading.coordinate:
                into[u.clause] = into.get(previous, previous)
            previous = u.clause
        clause = into.get(u.clause, u.clause)
        out.append(u if clause == u.clause else _Unit(u.concepts, u.own, u.index, u.start, u.end, u.sentence, clause,
                                                      u.cues, u.predicate, u.known, u.conditional))
    return tuple(out)


def _analyse(text: str, fix=None) -> _Analysis:
    reading = read(text)
    units = _elliptic(_units(reading, fix), reading)
    words = sum(1 for t in reading.tokens if not t.symbol and len(t.word) >= 2)
    at = next((i for i, t in enumerate(reading.tokens) if t.word in ("=", "←")), None)
    formula = at is not None and 0 < at < len(reading.tokens) - 1
    return _Analysis(reading, units, words, formula)


# --- phrasings -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Phrasing:
    text: str
    # ((concept, sign), ...) a unit says, whether the answer must say all of them (a phrase) or one (a word of
    # several senses), and whether it is negated.
    units: tuple[tuple[tuple[tuple[str, int], ...], bool, bool], ...]
    cues: int  # negations in the phrasing
    clauses: int  # a statement of several clauses is looked for in a sentence
    conditional: bool = False  # "without them, ..." is compared only with answers that say "without" too


@lru_cache(maxsize=8192)
def _compile(phrasing: str) -> _Phrasing:
    a = _analyse(phrasing)
    cues: set[int] = set()
    parts = []
    for u in a.units:
        phrase = " " in a.reading.text[u.start:u.end].strip()
        parts.append((tuple((c, u.sign((c,))) for c in u.own), phrase, bool(u.cues)))
        cues |= u.cues
    return _Phrasing(phrasing, tuple(parts), len(cues), len({u.clause for u in a.units}),
                     any(u.conditional for u in a.units))


@dataclass(frozen=True, slots=True)
class _Match:
    size: float  # phrasing units matched; a clause beats a sentence
    agrees: bool | None  # None: said under a negation of another word, which the grader cannot judge
    start: int
    end: int
    clause: int = -1  # the answer's clause it lies in (-1: across a sentence)
    named_opposite: bool = False  # disagrees only by naming the opposite thing ("negative weights")


def _windows(units: Sequence[_Unit]) -> list[tuple[float, list[_Unit]]]:
    """The answer's clauses, then its sentences (a weaker window: pronouns carry meaning across commas)."""
    clauses: dict[int, list[_Unit]] = {}
    sentences: dict[int, list[_Unit]] = {}
    for u in units:
        clauses.setdefault(u.clause, []).append(u)
        sentences.setdefault(u.sentence, []).append(u)
    out: list[tuple[float, list[_Unit]]] = [(0.0, us) for us in clauses.values()]
    out += [(-0.5, us) for us in sentences.values() if len({u.clause for u in us}) > 1]
    return out


def _match(p: _Phrasing, window: list[_Unit]) -> tuple[list[_Unit], bool | None] | None:
    """The closest units of `window` that carry each unit of `p`, and whether they say it the same way.

    Negation counts once for a whole match (the scope of "not" covers a predicate, not each word);
    an antonym counts for its own unit. Said the same way: no antonym and the same negation, or one
    antonym under the negation ("linearly inseparable" is "not linearly separable"). One antonym
    and no negation to cancel it, or a negation elsewhere, says the opposite. Two antonyms are
    too tangled to judge ("disables ... during training" is not "applies ... at test time"): no match.
    """
    if not p.units:
        return None
    options = [[u for u in window if (u.has_all if every else u.has)(c for c, _ in said)] for said, every, _ in p.units]
    if any(not o for o in options):
        return None
    anchor = min(range(len(options)), key=lambda i: len(options[i]))
    best: tuple[int, list[_Unit]] | None = None
    for a in options[anchor]:
        chosen = []
        for i, opts in enumerate(options):
            if i == anchor:
                chosen.append(a)
                continue
            free = [u for u in opts if u not in chosen and u is not a]
            if not free:
                break
            chosen.append(min(free, key=lambda u: abs(u.index - a.index)))
        if len(chosen) < len(options):
            continue
        span = max(u.index for u in chosen) - min(u.index for u in chosen)
        if best is None or span < best[0]:
            best = (span, chosen)
    if best is None:
        return None
    chosen = best[1]
    conditional = any(u.conditional for u in chosen)
    cues: set[int] = set()
    for u in chosen:
        cues |= u.cues
    negated = (len(cues) + p.cues) % 2 == 1
    flipped = [i for i, ((said, _, _), u) in enumerate(zip(p.units, chosen)) if _flips(said, u)]
    if p.conditional and not conditional:
        return None  # "without them it is just linear" is not what "it is just linear" says
    if conditional and not p.conditional:
        # A counterfactual ("without a bias the line goes through the origin") is no claim about the real
        # case: it may mention a point ("for all the weights"), never say or deny it by an opposite.
        return (chosen, True) if not flipped else None
    if not flipped:
        if negated and not p.cues and len(chosen) == 1 and not chosen[0].predicate and any(
                u.predicate and u is not chosen[0] and u.cues & chosen[0].cues for u in window):
            # A bare name under another word's negation ("it cannot separate XOR" against "XOR"): the
            # "not" denies that word, whose bearing on the point the grader cannot tell.
            return chosen, None
        return chosen, not negated
    if len(flipped) == 1:
        i = flipped[0]
        return chosen, negated and (bool(chosen[i].cues) or p.units[i][2])
    return None


def _flips(said: tuple[tuple[str, int], ...], u: _Unit) -> bool:
    """Whether the answer's unit says the phrasing's concept the opposite way (compared on a concept both carry)."""
    mine = dict(u.concepts)
    return any(mine[c] != sign for c, sign in said if c in mine)


def _names_the_opposite(p: _Phrasing, chosen: list[_Unit], text: str) -> bool:
    """Whether the match disagrees only by an opposite modifier of a thing ("negative weights" for
    "positive weights"), no verb, comparative or negation in it: a different thing named, not a denial."""
    flipped = [u for (said, _, _), u in zip(p.units, chosen) if _flips(said, u)]
    if not flipped or any(u.cues for u in chosen):
        return False
    lex = _lexicon()
    indexes = {u.index for u in chosen}
    for u in flipped:
        words = text[u.start:u.end].lower().split()
        if any(w in lex.verbs or stem(w) in lex.verbs or w in COMPARATIVES for w in words):
            return False
        if u.index + 1 not in indexes:  # a modifier stands before the thing it names
            return False
    return True


def _matches(phrasings: Iterable[str], windows, text: str = "") -> list[_Match]:
    out = []
    for phrasing in phrasings:
        p = _compile(phrasing)
        for weight, window in windows:
            if p.clauses > 1:  # several clauses: sentences only, at full weight
                if weight == 0.0 and len({u.clause for u in window}) > 1:
                    continue
                weight = 0.0
            m = _match(p, window)
            if m is not None:
                chosen, agrees = m
                clauses = {u.clause for u in chosen}
                named = agrees is False and not p.cues and _names_the_opposite(p, chosen, text)
                out.append(_Match(len(p.units) + weight, agrees,
                                  min(u.start for u in chosen), max(u.end for u in chosen),
                                  clauses.pop() if len(clauses) == 1 else -1, named))
    return out


def _nearly(phrasings: Iterable[str], windows) -> bool:
    """All but one unit of a phrasing of 3+ units in one clause, agreeing: the grader cannot tell."""
    for phrasing in phrasings:
        p = _compile(phrasing)
        if len(p.units) < 3:
            continue
        for weight, window in windows:
            if weight < 0:
                continue
            for skip in range(len(p.units)):
                rest = _Phrasing(p.text, p.units[:skip] + p.units[skip + 1:], p.cues, 1)
                m = _match(rest, window)
                if m is not None and m[1]:
                    return True
    return False


# --- grading ---------------------------------------------------------------------------------------

def grade_short_answer(answer: str, key_points: Sequence[KeyPoint],
                       misconceptions: Sequence[Misconception] = ()) -> ShortAnswerGrade:
    """Each key point made, missed, contradicted or unsure; the misconceptions stated; the verdict."""
    points = tuple(key_points)
    if not isinstance(answer, str):
        answer = "" if answer is None else str(answer)
    extra = frozenset(w for k in points for p in k.matched_by for w in _phrase_words(p)) | frozenset(
        w for m in misconceptions for s in m.statements for w in _phrase_words(s))
    a = _analyse(answer[:MAX_ANSWER_CHARS], _corrector(extra))
    if not a.units:
        return _nothing(points)
    # A letter, a symbol or a formula fragment ("Σ + b φ") makes no key point; an equation may.
    if not a.formula and (a.words == 0 or all(len(_text(a, u)) < 3 for u in a.units)):
        return _nothing(points)
    windows = _windows(a.units)
    judged = []
    for k in points:
        found = _matches(k.matched_by, windows, a.reading.text)
        made = [m for m in found if m.agrees]
        against = [m for m in found if m.agrees is False and m.size == int(m.size)]  # a clause, not a sentence
        best_made = max((m.size for m in made), default=0)
        best_against = max((m.size for m in against), default=0)
        # Naming the opposite thing in another clause is no denial where the point is made:
        # "positive weights mark the class; negative weights mark the rest" makes both points.
        denied = [m for m in against if not (m.named_opposite and any(
            d.size >= m.size and d.clause != m.clause for d in made))]
        against = denied
        best_against = max((m.size for m in against), default=0)
        if against and best_against >= best_made:
            m = max(against, key=lambda m: m.size)
            judged.append(PointJudgement(k, "contradicted", _quote(a, m), CONFIDENCE["contradicted"]))
        elif made:
            m = max(made, key=lambda m: m.size)
            judged.append(PointJudgement(k, "made", _quote(a, m),
                                         CONFIDENCE["made"] if m.size == int(m.size) else 0.75))
        elif any(m.agrees is None for m in found) or _nearly(k.matched_by, windows):
            judged.append(PointJudgement(k, "unsure", "", CONFIDENCE["unsure"]))
        else:
            judged.append(PointJudgement(k, "missed", "", CONFIDENCE["missed"]))
    stated = []
    for mis in misconceptions:
        agreeing = [m for m in _matches(mis.statements, windows) if m.agrees and m.size == int(m.size)]
        if agreeing:
            m = max(agreeing, key=lambda m: m.size)
            stated.append(Stated(mis, _quote(a, m)))
    if stated or any(j.outcome == "contradicted" for j in judged):  # wrong already: nothing left to ask
        judged = [PointJudgement(j.point, "missed", "", CONFIDENCE["missed"]) if j.outcome == "unsure" else j
                  for j in judged]
    salad = not _has_predicate(a.units, a.reading)
    made = sum(j.outcome == "made" for j in judged)
    if stated or any(j.outcome == "contradicted" for j in judged):
        verdict: Verdict = "wrong"
    else:
        verdict = verdict_for(made, len(points))
        if salad and verdict == "right":
            verdict = "partial"
    score = 0.0 if verdict == "wrong" else (made / len(points) if points else 1.0)
    confidence = min([j.confidence for j in judged] + [0.85] * bool(stated) + [0.8] * salad or [1.0])
    return ShortAnswerGrade(tuple(judged), tuple(stated), verdict, score, confidence, salad)


def _quote(a: _Analysis, m: _Match) -> str:
    """The learner's words for a match: the whole clause (or clauses) it lies in, negations included."""
    spans: dict[int, tuple[int, int]] = {}
    for t in a.reading.tokens:
        lo, hi = spans.get(t.clause, (t.start, t.end))
        spans[t.clause] = (min(lo, t.start), max(hi, t.end))
    inside = [span for span in spans.values() if span[0] < m.end and span[1] > m.start]
    if not inside:
        return a.reading.quote(m.start, m.end)
    return a.reading.quote(min(lo for lo, _ in inside), max(hi for _, hi in inside))


def _text(a: _Analysis, u: _Unit) -> str:
    return "".join(ch for ch in a.reading.text[u.start:u.end] if ch.isalnum())


def _nothing(points: tuple[KeyPoint, ...]) -> ShortAnswerGrade:
    return ShortAnswerGrade(tuple(PointJudgement(k, "missed", "", 1.0) for k in points), (), "wrong", 0.0, 1.0)


# --- cloze -------------------------------------------------------------------------------------

def _names(term: str, aliases: Iterable[str]) -> set[str]:
    names = [term, re.sub(r"\([^)]*\)", " ", term), *re.findall(r"\(([^)]*)\)", term), *aliases]
    names += [part for name in list(names) for part in name.split("/")]  # "Filter/Kernel"
    return {c for c in map(compact, names) if c}


def grade_cloze(answer: str, term: str, aliases: Sequence[str] = ()) -> bool:
    """Whether the answer typed into a blanked definition names the term (or its abbreviation or an alias)."""
    if not isinstance(answer, str):
        return False
    typed = compact(answer[:1000])  # a blank holds a term, not an essay
    if not typed:
        return False
    names = _names(term, aliases)
    if typed in names or singular(typed) in {singular(n) for n in names}:
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
