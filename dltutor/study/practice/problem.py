"""What every problem kind shares: a problem as data, its slips, and numbers written as the course writes them.

A kind module provides `NAME`, `LECTURE`, `SUMMARY`, `TOLERANCE` and five functions of its
parameters: `draw(rng)` (the numbers), `answer(p)` (the reference answer: plain Python, the
course's formula), `question(p)`, `solution(p)` (the worked steps, the last one ending in the
answer) and `slips(p)` (the answers that common mistakes give, each with what to say). An
optional `sound(p)` rejects a draw the kind cannot pose fairly. `generate` turns a kind and a
seed into a `Problem`, drawing again until no slip is within reach of the right answer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Union

Value = Union[int, float, tuple]  # one number, or several in a stated order
MINUS = "\u2212"
MAX_DRAWS = 200  # a kind whose draws are refused this often has a bug; no learner input gets here


@dataclass(frozen=True, slots=True)
class Slip:
    """A common mistake: the answer it gives (all of it, or one number of it), or a test on the answer."""

    message: str
    value: Value | None = None
    index: int | None = None  # compare only this number of a several-number answer
    test: Callable[[tuple[float, ...]], bool] | None = None
    within: float | None = None  # its own tolerance: 31/3 + 1 typed as 11.33 is still that slip


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    lecture: str
    seed: int
    params: dict[str, Any]
    text: str  # the question, without the line saying what form the answer takes
    expected: Value
    tolerance: float  # ± this much on each number; 0: exactly
    solution: tuple[str, ...]
    slips: tuple[Slip, ...]

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(self.expected) if isinstance(self.expected, tuple) else (self.expected,)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def whole(self) -> bool:
        return all(isinstance(v, int) for v in self.values)

    @property
    def form(self) -> str:
        """What the answer looks like: "one number, within ±0.001", "4 whole numbers in order"."""
        if self.count == 1:
            what = "a whole number" if self.whole else "one number"
        else:
            what = f"{self.count} {'whole numbers' if self.whole else 'numbers'} in order"
        if self.tolerance:
            each = "each " if self.count > 1 else ""
            return f"{what}, {each}within ±{num(self.tolerance)}"
        return what if self.whole else f"{what}, exactly"

    @property
    def question(self) -> str:
        return f"{self.text}\nAnswer: {self.form}."


def generate(kind: ModuleType, seed: int) -> Problem:
    """The problem `kind` poses for `seed`: the same seed gives the same numbers, every time."""
    rng = random.Random(seed)
    for _ in range(MAX_DRAWS):
        params = kind.draw(rng)
        expected = kind.answer(params)
        slips = [s for s in kind.slips(params) if _differs(s, expected)]
        if getattr(kind, "sound", lambda p: True)(params) and not any(
                _confusable(s, expected, kind.TOLERANCE) for s in slips):
            return Problem(kind.NAME, kind.LECTURE, seed, params, kind.question(params), expected,
                           kind.TOLERANCE, tuple(kind.solution(params)), tuple(slips))
    raise RuntimeError(f"{kind.NAME}: no sound problem in {MAX_DRAWS} draws from seed {seed}")


def as_tuple(value: Value) -> tuple[float, ...]:
    return tuple(value) if isinstance(value, tuple) else (value,)


def _gap(slip: Slip, expected: Value) -> float:
    """How far the answer a slip gives lies from the right one (the largest difference)."""
    want = as_tuple(expected)
    if slip.index is not None:
        return abs(float(slip.value) - want[slip.index])
    got = as_tuple(slip.value)
    if len(got) != len(want):
        return math.inf
    return max(abs(a - b) for a, b in zip(got, want))


def _differs(slip: Slip, expected: Value) -> bool:
    """A slip only counts where it gives a different answer (forgetting a bias of 0 is no mistake)."""
    return slip.value is None or _gap(slip, expected) > 1e-9


def _confusable(slip: Slip, expected: Value, tolerance: float) -> bool:
    return slip.value is not None and _gap(slip, expected) <= 2 * tolerance + 1e-9


# --- numbers as the course writes them ----------------------------------------------------------

def grid(lo: float, hi: float, step: float, *, skip: Sequence[float] = ()) -> list[float]:
    """lo, lo + step, ..., hi as clean decimals (0.3, not 0.30000000000000004)."""
    places = max(0, -math.floor(math.log10(step)) + 1)
    count = round((hi - lo) / step)
    values = [round(lo + k * step, places) for k in range(count + 1)]
    return [v + 0.0 for v in values if v not in skip]  # + 0.0: no negative zero


def num(v: float, places: int = 4) -> str:
    """A number as the course prints it: −0.25, 3, 0.7311; rounded to `places`, trailing zeros only where
    they carry a rounded value's precision (σ(0.8) ≈ 0.6900, not 0.69)."""
    if isinstance(v, int) or (float(v).is_integer() and abs(v) < 1e15):
        text = str(int(v))
    elif 0 < abs(v) < 0.5 * 10 ** -places:
        text = f"{v:.3g}"
    elif exact(v, places):
        text = f"{v:.{places}f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.{places}f}"
    if not text.strip("-0."):  # 0, -0, -0.0000
        text = "0"
    return text.replace("-", MINUS)


def exact(v: float, places: int = 4) -> bool:
    """Whether `num(v, places)` shows v without rounding."""
    if isinstance(v, int) or float(v).is_integer():
        return True
    return abs(round(v, places) - v) < 1e-12


def eq(v: Value, places: int = 4) -> str:
    """"= 3" or "≈ 0.7311": an equals sign only where the number shown is the number."""
    values = as_tuple(v)
    sign = "=" if all(exact(x, places) for x in values) else "≈"
    shown = num(v, places) if not isinstance(v, tuple) else "[" + ", ".join(num(x, places) for x in values) + "]"
    return f"{sign} {shown}"


def rel(*values: float, places: int = 4) -> str:
    """The sign between a quantity and an expression of these numbers as shown: "=", or "≈" if any is rounded."""
    return "=" if all(exact(v, places) for v in values) else "≈"


def vec(values: Sequence[float], places: int = 4) -> str:
    """A vector given in a question: (1, −0.5, 2)."""
    return "(" + ", ".join(num(v, places) for v in values) + ")"


def factor(v: float, places: int = 4) -> str:
    """A number inside a product: a negative one in parentheses."""
    return f"({num(v, places)})" if v < 0 else num(v, places)


def terms(values: Sequence[float], places: int = 4) -> str:
    """A sum written out: 0.4 + 0.1 − 0.2."""
    out = ""
    for i, v in enumerate(values):
        if i == 0:
            out = num(v, places)
        else:
            out += f" {MINUS} {num(-v, places)}" if v < 0 else f" + {num(v, places)}"
    return out or "0"


def dot_terms(w: Sequence[float], x: Sequence[float]) -> str:
    """w₁x₁ + w₂x₂ + ... with the numbers filled in: 0.4·1 + (−0.2)·(−0.5)."""
    return " + ".join(f"{factor(a)}·{factor(b)}" for a, b in zip(w, x))


def sigmoid(z: float) -> float:
    """σ(z) = 1/(1 + e^(−z)), written so that a large |z| does not overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
