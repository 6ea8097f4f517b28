"""Reading what a learner typed: tokens with their place in the learner's own words, stems, clauses.

This module owns the text primitives the graders share: Unicode and LaTeX normalisation, the
light English stemmer, names compared letter by letter (`compact`, `singular`), and `read`,
which turns an answer into word tokens, each knowing its sentence, its clause, the negation
cues whose scope covers it ("not", "never", "without", "cannot", "fails to", ...) and where it
sits in the text as typed, so feedback can quote the learner exactly. Pure, never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MAX_ANSWER_CHARS", "STOP_WORDS", "Token", "compact", "read", "singular", "stem"]

# No learner types more than this; the cap bounds the work on pasted or hostile input.
MAX_ANSWER_CHARS = 20_000

STOP_WORDS = frozenset(
    """a an the of to about is are was were be been being am and or in into on onto by for from with
    as at it its this that these those which what who whom whose when where why how than then
    so such also very just can could will would may might must shall should do does did done
    has have had having there their they them we you your our i he she his her if each every
    all any some eg ie etc e g via us me my mine one's itself themselves
    basically really actually maybe probably perhaps think guess sort kind like bit quite
    mostly mainly simply pretty well okay ok hmm um uh yes yeah sure i'd i'm it's that's
    thing things stuff something way ways lot lots number amount whole""".split()
)

# Words that put what follows them (to the end of the clause) under negation.
NEGATION_CUES = frozenset(
    """not no never without cannot neither nor none nothing nobody nowhere fail fails failed failing
    unable lack lacks lacking instead stop stops stopped stopping prevent prevents prevented preventing
    avoid avoids avoided avoiding discard discards discarded discarding ignore ignores ignored ignoring
    lose loses losing lost throw throws threw""".split()
)
# "rather than X", "instead of X", "fails to X": the cue is the first word; "than"/"of"/"to" are stop words.

# Words that end a clause: a negation's scope stops there, and a key point is looked for inside one clause.
CLAUSE_WORDS = frozenset(
    """and but because since so while whereas although though however yet which that who whereby
    hence thus therefore then unlike whilst otherwise else""".split()
)
# A counterfactual: what follows, to the end of the sentence, says what would happen without the
# thing just described ("...; otherwise the network is linear and cannot model complex relationships").
# Such a clause is compared only with phrasings that are conditions themselves ("without them ...").
COUNTERFACTUAL = frozenset({"otherwise", "else"})
ARTICLES = frozenset({"a", "an", "the"})
SENTENCE_MARKS = frozenset(".;!?\n")
CLAUSE_MARKS = frozenset(",:()[]{}")

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script, so λ and δ are words too
# A word with its inner apostrophes and hyphens ("doesn't", "non-linear"), or one symbol.
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|[^\w\s]|\n")
_CONTRACTIONS = {"won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not"),
                 "shan't": ("shall", "not"), "ain't": ("is", "not")}
# The same, typed without the apostrophe ("doesnt", "cant"); "wont" and "cant" are rare as words here.
_BARE_NOTS = {w: (w[:-2] if w not in ("cant", "wont") else {"cant": "can", "wont": "will"}[w], "not") for w in
              "dont doesnt didnt isnt arent wasnt werent cant wont couldnt shouldnt wouldnt hasnt havent hadnt".split()}
_SCRIPTS = re.compile(r"[\u2070-\u209c\u1d62-\u1d6a\u00b2\u00b3\u00b9]")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|w\.r\.t|etc|vs|approx|cf)\.", re.I)
# Joined when written with a hyphen or a space: "non-linear", "co adaptation", "feed forward".
PREFIXES = frozenset("non co multi mini self feed back pre un sub inter intra over under".split())


# --- normalisation and stemming ---------------------------------------------------------------

def fold(text: str) -> str:
    """Case-folded NFKC text with one kind of quote and dash."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return _DASHES.sub("-", text)


def render(text: str) -> str:
    """$LaTeX$ rendered as the Unicode a learner would type ("\\lambda" -> "λ"); the text unchanged otherwise."""
    text = text[:MAX_ANSWER_CHARS]
    if "$" in text:
        try:
            from dltutor.course.mathtext import render_math

            text = render_math(text)
        except Exception:  # a malformed formula must not cost the learner their grade
            pass
    return text


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


def compact(text: str) -> str:
    """Letters and digits only, case-folded: how two spellings of one name are compared."""
    return "".join(_WORD.findall(fold(text[:MAX_ANSWER_CHARS])))


def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# --- tokens ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Token:
    """One word (or symbol) of an answer, with where it was typed and what governs it."""

    word: str  # folded, contractions split, hyphens of a prefix joined: "non-linear" -> "nonlinear"
    start: int  # offsets into the text as read (after LaTeX rendering), for quoting
    end: int
    sentence: int
    clause: int
    cues: frozenset[int]  # ids of the negation cues whose scope covers this token
    symbol: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    text: str  # the answer as read: LaTeX rendered, capped
    tokens: tuple[Token, ...]
    cue_words: tuple[tuple[int, str], ...]  # (cue id, the cue as typed), in order
    coordinate: frozenset[int] = frozenset()  # clauses begun by "and" or a comma
    conditional: frozenset[int] = frozenset()  # clauses under "without ..." or "otherwise"

    def quote(self, start: int, end: int, limit: int = 80) -> str:
        """The learner's words from `start` to `end`, on one line, cut to `limit` characters."""
        from dltutor.textsafe import clean_line

        words = " ".join(clean_line(self.text[start:end]).split())
        return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _split(word: str) -> list[str]:
    """A typed word as the words it stands for: "doesn't" -> does, not; "non-linear" -> nonlinear."""
    if word in _CONTRACTIONS:
        return list(_CONTRACTIONS[word])
    if word in _BARE_NOTS:
        return list(_BARE_NOTS[word])
    if word.endswith("n't"):
        return [word[:-3] or "do", "not"]
    word = word.replace("'", "")  # "neuron's" -> "neurons", which stems to "neuron"
    if "-" not in word:
        return [word]
    parts = [p for p in word.split("-") if p]
    out: list[str] = []
    for part in parts:
        if out and out[-1] in PREFIXES:
            out[-1] += part
        else:
            out.append(part)
    return out


def read(answer: str) -> Reading:
    """The answer as tokens, each with its sentence, clause and the negation cues covering it."""
    text = render(answer if isinstance(answer, str) else "")
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be folded
    masked = _DASHES.sub("-", text.translate(_QUOTES))  # one character for one: offsets stay exact
    masked = _ABBREVIATIONS.sub(lambda m: m.group().replace(".", " "), masked)
    masked = re.sub(r"(?<=\d)\.(?=\d)", "0", masked)  # "0.5" is one number, not a sentence end
    # Subscripts are indices, not words: "w_i x_i" reads "w x"; "h_{t-1}" reads "h prev" (same length, so
    # offsets into the text stay exact for quoting).
    masked = re.sub(r"_\{?t\s*[-\u2212]\s*1\}?", lambda m: "prev".center(len(m.group())), masked)
    masked = re.sub(r"_(?:\{[^}\s]{1,8}\}|[A-Za-z0-9]{1,3}\b)", lambda m: " " * len(m.group()), masked)
    masked = _SCRIPTS.sub(" ", masked)  # rendered indices: "wᵢ xᵢ" reads "w x"
    tokens: list[Token] = []
    cue_words: list[tuple[int, str]] = []
    sentence = clause = 0
    open_cues: list[int] = []
    pending = ""  # "rather" waits for "than"
    coordinate: set[int] = set()  # clauses begun by "and", "or" or a comma: they may share a verb
    conditional: set[int] = set()  # clauses that say what holds without something ("Without a bias, ...")
    otherwise = False  # "otherwise": the rest of the sentence is such a condition
    first = True  # the next word opens its clause
    opening = 0  # the clause that opens the current sentence

    def new_clause(boundary: str) -> None:
        nonlocal clause, open_cues, first
        clause += 1
        open_cues, first = [], True
        if boundary in (",", "and"):
            coordinate.add(clause)
        if otherwise:
            conditional.add(clause)

    for m in _TOKEN.finditer(masked):
        raw = m.group()
        if raw in SENTENCE_MARKS or raw in CLAUSE_MARKS or (raw == "-" and _spaced_dash(masked, m.start())):
            if raw in SENTENCE_MARKS:
                sentence += 1
                otherwise = False
            new_clause(raw)
            if raw in SENTENCE_MARKS:
                opening = clause
            continue
        if not _WORD.match(raw):
            if raw not in "-'\"":
                tokens.append(Token(raw, m.start(), m.end(), sentence, clause, frozenset(open_cues), symbol=True))
            continue
        for word in _split(fold(raw)):
            if word in COUNTERFACTUAL or word in CLAUSE_WORDS:
                otherwise = otherwise or word in COUNTERFACTUAL
                new_clause(word)
                continue
            first_word = first  # "Without a bias, ...": a condition, not a negation of what follows
            if word == "without" and first:
                conditional.add(clause)
                # "Without them, it is linear, so it cannot model ...": a sentence that opens with the
                # condition says, to its end, what would hold without it.
                otherwise = otherwise or clause == opening
            if word not in ARTICLES:
                first = False
            condition = word == "without" and clause in conditional and first_word
            if (word in NEGATION_CUES and not condition) or (word == "than" and pending == "rather"):
                cue = len(cue_words)
                cue_words.append((cue, raw))
                open_cues = [*open_cues, cue]
            pending = word
            tokens.append(Token(word, m.start(), m.end(), sentence, clause, frozenset(open_cues)))
    return Reading(text, tuple(tokens), tuple(cue_words), frozenset(coordinate), frozenset(conditional))


def _spaced_dash(text: str, at: int) -> bool:
    """A dash between spaces ("it stops - the weights settle") ends a clause; one inside "t-y" does not."""
    return (at == 0 or text[at - 1].isspace()) and (at + 1 >= len(text) or text[at + 1].isspace())
