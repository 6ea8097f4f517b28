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
