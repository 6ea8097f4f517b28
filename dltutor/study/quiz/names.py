"""Names of glossary terms as the choice and cloze questions use them: main names and aliases,
blanking a name out of a definition, and which two terms are too close to stand as each other's
wrong option."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from dltutor.study.text import STOP_WORDS, compact, singular

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dltutor.course.model import GlossaryTerm, Lecture

BLANK = "______"
MIN_CLUE_WORDS = 3  # content words a blanked definition must keep to be a fair question

# Pairs of terms a definition cannot hold apart: one is a kind of the other, or the glossary's
# definition of one also fits the other (an LSTM is also "a neural network that processes
# sequential data by maintaining a hidden state"). Found by reading the whole glossary; neither
# ever stands as a distractor for the other. Names alone catch the rest (see `too_close`).
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


def plain(text: str) -> str:
    """Definition text for a prompt: Markdown emphasis dropped, spaces tidied."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def bare(term: str) -> str:
    """The name without its parenthesis: "Learning Rate (λ)" -> "Learning Rate"."""
    return re.sub(r"\s*\([^)]*\)", "", term).strip() or term


def main_names(term: GlossaryTerm) -> list[str]:
    """The term's own names: as written, bare, the abbreviation in parentheses, the parts of "Filter/Kernel"."""
    names = [term.term, bare(term.term), *re.findall(r"\(([^)]*)\)", term.term)]
    names += [part for name in list(names) for part in re.split(r"\s*/\s*", name)]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def all_names(term: GlossaryTerm) -> list[str]:
    names = [*main_names(term), *term.aliases]
    names += [part for alias in term.aliases for part in re.split(r"\s*/\s*", alias)]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]



def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def name_words(name: str) -> frozenset[str]:
    return frozenset(singular(w) for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold()))


@lru_cache(maxsize=8192)
def too_close(a: GlossaryTerm, b: GlossaryTerm) -> bool:
    """Whether `b` could pass for `a`: then it must never be offered as a wrong option for `a`.

    The same term; a pair the glossary review found (`NOT_DISTRACTORS`); a shared name or
    alias (plural or not); main names one typo apart with the same digits ("L1"/"L2" are two
    things, "ResNet"/"ResNets" one); or one main name inside the other ("Gradient Descent" in
    "Stochastic Gradient Descent": a kind of it).
    """
    if a.id == b.id or frozenset((a.id, b.id)) in NOT_DISTRACTORS:
        return True
    names_a = {singular(c) for c in map(compact, all_names(a)) if c}
    names_b = {singular(c) for c in map(compact, all_names(b)) if c}
    if names_a & names_b:
        return True
    from rapidfuzz import fuzz

    for x in main_names(a):
        for y in main_names(b):
            cx, cy = compact(x), compact(y)
            if min(len(cx), len(cy)) >= 5 and digits(cx) == digits(cy) and fuzz.ratio(cx, cy) >= 88:
                return True
            wx, wy = name_words(x), name_words(y)
            if wx and wy and (wx <= wy or wy <= wx):
                return True
    return False


@lru_cache(maxsize=8192)
def same_text(a: str, b: str) -> bool:
    """Two definitions (or option texts) that read as the same: then they cannot be two options."""
    if compact(a) == compact(b):
        return True
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a.casefold(), b.casefold()) >= 90


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
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


def prose(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is prose, piece): a blank or a name search never reaches inside `$...$` LaTeX."""
    return [(i % 2 == 0, piece) for i, piece in enumerate(re.split(r"(\$[^$]*\$)", text))]


def blank(text: str, names: Iterable[str]) -> str:
    pattern = name_pattern(names)
    if pattern is None:
        return text
    return "".join(pattern.sub(BLANK, piece) if prose else piece for prose, piece in prose(text))


def mentions(text: str, names: Iterable[str]) -> bool:
    pattern = name_pattern(names)
    return pattern is not None and any(prose and pattern.search(piece) for prose, piece in prose(text))


def definition_in(term: GlossaryTerm, lecture: Lecture) -> str:
    """A term's definition as `lecture` gives it, else from the lecture nearest to it."""
    own = next((d.text for d in term.definitions if d.lecture == lecture.id), None)
    if own is not None:
        return own

    def distance(d) -> tuple[int, str]:
        number = re.search(r"\d+$", d.lecture)
        return (abs(int(number.group()) - lecture.number) if number else 999, d.lecture)

    return min(term.definitions, key=distance).text




def clue_words(text: str) -> int:
    """Content words left in a definition once its blanks are out."""
    return len([w for w in re.findall(r"[^\W_]+", text.replace(BLANK, " ").casefold()) if w not in STOP_WORDS])
