"""Reading a typed answer and grading it: the forms people type, a stated tolerance, the slip named.

Accepted: 0.73, 73%, 3/4, 1e-3, −0.25 (any Unicode minus), 1.5×10^-3, a leading "y =" or "≈",
and several numbers as [0.1, 0.2], (0.1 0.2), 0.1, 0.2 or 0.1; 0.2. An empty answer (or "?",
"skip") is a skip. Anything else, or the wrong count of numbers, is not graded: the learner is
told what form the answer takes and asked again. `parse` and `grade` never raise on any string.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from dltutor.study.practice.problem import Problem, Slip, as_tuple, num

Verdict = Literal["right", "wrong", "skipped"]

MAX_NUMBERS = 64
MAX_TOKEN = 60  # characters in one number: enough for any real answer, too few to stall on 1e999999999
SKIPS = {"?", "skip", "pass", "idk", "i don't know", "don't know", "dont know", "i dont know"}
_MINUSES = "\u2212\u2012\u2013\u2014\u2010\u2011\ufe63\uff0d"
_NAME = re.compile(r"^[^\W\d][\w′'₀-₉ₒᵢⱼ()]*\s*[=≈]\s*")  # y =, W₂ =, δ₁ ≈, softmax(z) =
_TIMES_TEN = re.compile(r"\s*[x×·*]\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")
_BRACKETS = {"[": "]", "(": ")", "{": "}", "⟨": "⟩", "<": ">"}
_SUPERSCRIPT = re.compile(r"[⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_PLAIN = str.maketrans("⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "+-0123456789")


class NotANumber(ValueError):
    """The answer is not in a form we read; the message says which part."""


@dataclass(frozen=True, slots=True)
class Parsed:
    values: tuple[float, ...] | None  # None: a skip


def parse(text: str) -> Parsed:
    """The numbers in an answer, in order; raises NotANumber (and only that) when it has none we can read."""
    if not isinstance(text, str):
        raise NotANumber("not text")
    s = _SUPERSCRIPT.sub(lambda m: "^(" + m[0].translate(_PLAIN) + ")", text)  # 10⁻³ is 10^(-3)
    s = unicodedata.normalize("NFKC", s).strip()
    for dash in _MINUSES:
        s = s.replace(dash, "-")
    s = s.replace("⁄", "/").replace("∕", "/")
    if not s or s.casefold().rstrip(".!") in SKIPS:
        return Parsed(None)
    s = re.sub(r"^[≈~]\s*", "", _NAME.sub("", s, count=1))
    s = _TIMES_TEN.sub(lambda m: f"e{m[1]}", s)
    if s[:1] in _BRACKETS and s.endswith(_BRACKETS[s[0]]):
        s = s[1:-1].strip()
    s = re.sub(r"\s*([/%])", r"\1", s)  # 3 / 4 and 73 % are one number each
    s = re.sub(r"/\s+", "/", s)
    tokens = [t for t in re.split(r"[,;\s]+", s) if t]
    if not tokens:
        raise NotANumber("no number")
    if len(tokens) > MAX_NUMBERS:
        raise NotANumber(f"more than {MAX_NUMBERS} numbers")
    return Parsed(tuple(_number(t) for t in tokens))


def _number(token: str) -> float:
    if len(token) > MAX_TOKEN:
        raise NotANumber(f"{token[:12]}… is too long to be a number")
    scale = Fraction(1)
    if token.endswith("%"):
        token, scale = token[:-1], Fraction(1, 100)
    parts = token.split("/")
    if len(parts) > 2 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise NotANumber(f"{token!r} is not a number")
    value = Fraction(parts[0])
    if len(parts) == 2:
        denominator = Fraction(parts[1])
        if denominator == 0:
            raise NotANumber(f"{token} divides by zero")
        value /= denominator
    try:
        result = float(value * scale)
    except OverflowError:
        raise NotANumber(f"{token} is too large") from None
    if not math.isfinite(result):
        raise NotANumber(f"{token} is too large")
    return result


@dataclass(frozen=True, slots=True)
class Graded:
    """What became of one typed answer. `verdict` None: not in the expected form, nothing graded."""

    verdict: Verdict | None
    values: tuple[float, ...] | None = None
    slip: str | None = None  # the mistake the answer matches, said to the learner
    form_error: str | None = None  # what form is expected, when the answer is not in it
    close: bool = False  # wrong, but within ten times the tolerance


def expected_form(problem: Problem) -> str:
    """How to write an answer to this problem, for "say what form is expected"."""
    if problem.count == 1:
        examples = "16" if problem.whole else "0.73, 73%, 3/4, 1e-3 or −0.25"
        return f"{'a whole number' if problem.whole else 'one number'}, like {examples}"
    return (f"{problem.count} numbers in order, separated by commas or spaces, like "
            f"[{', '.join('1' if problem.whole else '0.5' for _ in range(problem.count))}]")


def grade(problem: Problem, response: str) -> Graded:
    """Right within the tolerance, wrong (with the slip where one fits), skipped, or not an answer yet."""
    try:
        parsed = parse(response)
    except NotANumber as exc:
        return Graded(None, form_error=f"Not a number I can read ({exc}). Write {expected_form(problem)}.")
    except Exception:  # belt and braces: no string may crash a session
        return Graded(None, form_error=f"Not a number I can read. Write {expected_form(problem)}.")
    if parsed.values is None:
        return Graded("skipped")
    got = parsed.values
    if len(got) != problem.count:
        gave = f"you gave {len(got)}" if len(got) != 1 else "you gave one"
        hint = " (a decimal point, not a comma: 0.73)" if problem.count == 1 and re.fullmatch(
            r"\s*-?\d+,\d+\s*", response or "") else ""
        return Graded(None, values=got,
                      form_error=f"This answer needs {expected_form(problem)}; {gave}{hint}.")
    want = problem.values
    if all(_close(a, b, problem.tolerance) for a, b in zip(got, want)):
        return Graded("right", got)
    near = all(_close(a, b, 10 * problem.tolerance if problem.tolerance else 0) for a, b in zip(got, want))
    return Graded("wrong", got, slip=_slip(problem, got), close=near and bool(problem.tolerance))


def _close(got: float, want: float, tolerance: float) -> bool:
    if tolerance == 0:
        return got == want
    return abs(got - want) <= tolerance + 1e-9 * max(1.0, abs(want))


def matches(slip: Slip, got: tuple[float, ...], problem: Problem) -> bool:
    """Whether a wrong answer is the one this slip gives."""
    if slip.test is not None:
        try:
            return bool(slip.test(got))
        except (ArithmeticError, ValueError):
            return False
    tolerance = problem.tolerance if slip.within is None else slip.within
    if slip.index is not None:
        i = slip.index
        return not _close(got[i], problem.values[i], problem.tolerance) and _close(
            got[i], float(slip.value), tolerance)
    value = as_tuple(slip.value)
    return len(value) == len(got) and all(_close(a, b, tolerance) for a, b in zip(got, value))


def _slip(problem: Problem, got: tuple[float, ...]) -> str | None:
    for slip in problem.slips:
        if matches(slip, got, problem):
            return slip.message
    want = problem.values
    if any(w != 0 for w in want) and all(_close(-a, b, problem.tolerance) for a, b in zip(got, want)):
        return "The size is right but the sign is flipped: check each minus sign in the formula."
    if problem.count == 1 and not problem.whole and _close(got[0] / 100, want[0], problem.tolerance):
        return f"That is the answer × 100: as a percentage, write it with % ({num(got[0])}%)."
    return None
