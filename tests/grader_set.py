"""The labelled learner answers of tests/data/grader/: what a teacher would grade each, and of what kind.

A fifth of the answers is set aside by a deterministic rule (CRC-32 of the answer text divisible
by 5), so the working set used while tuning the grader and the held-out fifth never mix.
Used by tests/study/test_grader_goals.py and bench/grader.py (which imports this file by path).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "grader"
LABELS = ("right", "partial", "wrong")
KINDS = ("paraphrase", "partial", "negation", "opposite", "misconception", "salad", "nonsense", "offtopic")
_HEADER = re.compile(r"^\[(lecture-\d+) (\d+)\] (.+)$")
_LINE = re.compile(r"^(right|partial|wrong) ([a-z]+) \| (.+)$")


@dataclass(frozen=True)
class Labelled:
    lecture: str
    number: int
    label: str
    kind: str
    text: str
    where: str  # file:line

    @property
    def held_out(self) -> bool:
        return zlib.crc32(self.text.encode("utf-8")) % 5 == 0


def load() -> list[Labelled]:
    out: list[Labelled] = []
    files = sorted(DATA.glob("lecture-*.txt"))
    if not files:
        raise FileNotFoundError(f"no labelled answers under {DATA}")
    for path in files:
        here = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if m := _HEADER.match(line):
                here = (m[1], int(m[2]))
                continue
            m = _LINE.match(line)
            if m is None or here is None or m[2] not in KINDS:
                raise ValueError(f"{path.name}:{n}: not `label kind | answer` under a [lecture-N Q] header")
            out.append(Labelled(here[0], here[1], m[1], m[2], m[3], f"{path.name}:{n}"))
    return out


def working() -> list[Labelled]:
    return [a for a in load() if not a.held_out]


def held_out() -> list[Labelled]:
    return [a for a in load() if a.held_out]


WRONG_KINDS = ("negation", "opposite", "misconception", "nonsense", "offtopic", "salad")


@dataclass
class Figures:
    """How a grader's verdicts compare with the labels of a set of answers."""

    answers: int
    agreement: float  # right vs not right, label against verdict
    wrong_graded_right: float  # share of answers labelled wrong (or salad) that were graded right
    right_not_right: float  # share of right paraphrases not graded right
    by_kind: dict[str, tuple[int, float]]  # kind -> (answers, share graded right)
    disagreements: list[tuple[Labelled, str]]


def score(answers: list[Labelled], verdict_of) -> Figures:
    """`verdict_of(answer) -> "right" | "partial" | "wrong"` against the labels."""
    verdicts = [(a, verdict_of(a)) for a in answers]
    agree = [(a.label == "right") == (v == "right") for a, v in verdicts]
    wrong = [v for a, v in verdicts if a.label == "wrong" or a.kind == "salad"]
    right = [v for a, v in verdicts if a.kind == "paraphrase"]
    by_kind = {}
    for kind in KINDS:
        vs = [v for a, v in verdicts if a.kind == kind]
        if vs:
            by_kind[kind] = (len(vs), sum(v == "right" for v in vs) / len(vs))
    return Figures(
        answers=len(answers),
        agreement=sum(agree) / len(agree),
        wrong_graded_right=sum(v == "right" for v in wrong) / len(wrong),
        right_not_right=sum(v != "right" for v in right) / len(right),
        by_kind=by_kind,
        disagreements=[(a, v) for (a, v), ok in zip(verdicts, agree) if not ok],
    )


GOALS = {"agreement": 0.95, "wrong_graded_right": 0.02, "right_not_right": 0.15}


def meets_goals(f: Figures) -> bool:
    return (f.agreement >= GOALS["agreement"] and f.wrong_graded_right <= GOALS["wrong_graded_right"]
            and f.right_not_right <= GOALS["right_not_right"])
