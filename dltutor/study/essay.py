"""Essays on the guidebook's prompts: which prompt, the checklist of its key points, the word count, Markdown.

The checklist says of each key point of a prompt whether the essay addresses it, misses it or
contradicts it (or, where the grader cannot tell, that it is not sure), with the essay's words
that do, and the prompt's misconceptions the essay states, each with its correction: judged by
the short-answer grader (`_judge` is the one place that calls it). An
essay is graded in pieces of at most the grader's answer size, cut at paragraph and sentence
ends, each distinct piece once, and only its first `CHECK_CHARS` characters: a pasted megabyte
is saved whole and still gets its checklist in well under a second. The checklist says when it
read only part.

Pure: no I/O, no front end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dltutor.course.model import Course, EssayPrompt, Lecture

Status = Literal["addressed", "missing", "contradicted", "unsure"]
STATUSES: tuple[Status, ...] = ("addressed", "missing", "contradicted", "unsure")
_OUTCOME: dict[str, Status] = {"made": "addressed", "missed": "missing", "contradicted": "contradicted",
                               "unsure": "unsure"}
# Which judgement of one piece stands when pieces disagree: a contradiction anywhere is shown.
_RANK = {"missing": 0, "unsure": 1, "addressed": 2, "contradicted": 3}
CHECK_CHARS = 100_000  # about 15,000 words: far beyond an essay, small enough to grade at once
MAX_ESSAY_CHARS = 4 * 1024 * 1024  # a longer text is refused (and kept where it was typed)

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class EssayRef:
    """One essay prompt of the course: `lecture-3`, prompt 2 (1-based, in the lecture's order)."""

    lecture: Lecture
    prompt: EssayPrompt

    @property
    def lecture_id(self) -> str:
        return self.lecture.id

    @property
    def number(self) -> int:
        return self.prompt.number

    @property
    def key(self) -> tuple[str, int]:
        return (self.lecture.id, self.prompt.number)

    @property
    def label(self) -> str:
        """"Lecture 3, essay 2 of 2"."""
        return f"Lecture {self.lecture.number}, essay {self.number} of {len(self.lecture.essay_prompts)}"

    @property
    def command(self) -> str:
        return f"dltutor essay {self.lecture.id} {self.number}"


def all_prompts(course: Course) -> list[EssayRef]:
    return [EssayRef(lec, p) for lec in course.lectures for p in lec.essay_prompts]


def find_prompt(course: Course, lecture: Lecture, number: int) -> EssayRef:
    from dltutor.errors import DltutorError

    prompts = lecture.essay_prompts
    if not 1 <= number <= len(prompts):
        which = "no essay prompts" if not prompts else \
            f"{len(prompts)} essay prompt{'s' * (len(prompts) != 1)} (1{'-' + str(len(prompts)) if len(prompts) > 1 else ''})"
        raise DltutorError(f"lecture {lecture.number} has {which}; there is no prompt {number}")
    return EssayRef(lecture, prompts[number - 1])


def next_prompt(refs: Iterable[EssayRef], written: Mapping[tuple[str, int], object],
                done: Mapping[tuple[str, int], bool]) -> EssayRef | None:
    """The first prompt not yet written; else the first not done; None when every one is done."""
    refs = list(refs)
    return next((r for r in refs if r.key not in written), None) or \
        next((r for r in refs if not done.get(r.key)), None)


# --- the checklist ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PointCheck:
    point: str  # the key point as the course states it
    status: Status
    quote: str = ""  # the essay's words that address or contradict it, when the grader names them


@dataclass(frozen=True, slots=True)
class MisconceptionCheck:
    """A misconception of the prompt that the essay states: the essay's words and what is true."""

    quote: str
    correction: str


@dataclass(frozen=True, slots=True)
class Checklist:
    points: tuple[PointCheck, ...]
    words: int
    checked_chars: int  # how much of the essay the checklist read
    chars: int
    misconceptions: tuple[MisconceptionCheck, ...] = ()

    def count(self, status: Status) -> int:
        return sum(p.status == status for p in self.points)

    @property
    def partial(self) -> bool:
        """True when the essay was longer than the checklist reads."""
        return self.checked_chars < self.chars


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def _pieces(text: str, size: int) -> list[str]:
    """The text cut into pieces of at most `size` characters, at paragraph ends, else sentence ends, else spaces."""
    pieces: list[str] = []
    current = ""

    def add(part: str) -> None:
        nonlocal current
        if len(current) + len(part) + 2 <= size:
            current = f"{current}\n\n{part}" if current else part
            return
        if current:
            pieces.append(current)
        current = part if len(part) <= size else ""
        if len(part) > size:
            for cut in _split_long(part, size):
                pieces.append(cut)

    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            add(paragraph.strip())
    if current:
        pieces.append(current)
    return pieces


def _split_long(paragraph: str, size: int) -> list[str]:
    out, current = [], ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > size:  # one endless "sentence": cut at the last space that fits
            cut = sentence.rfind(" ", 0, size)
            cut = cut if cut > 0 else size
            out.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if len(current) + len(sentence) + 1 > size:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        out.append(current)
    return [p for p in out if p.strip()]


def _judge(piece: str, prompt: EssayPrompt) -> tuple[dict[str, tuple[Status, str]], list[MisconceptionCheck]]:
    """The grader's judgement of each key point in one piece of the essay, and the misconceptions it
    states: the one call into the grader."""
    from dltutor.course.model import KeyPoint
    from dltutor.study.grading import grade_short_answer

    # An essay's key point is named by a short phrase ("positive weights") that is itself a way to
    # make it, where a quiz question's point text may be a sentence the grader reads only through
    # its synonyms: here the name is matched as well.
    points = tuple(KeyPoint(k.text, tuple(dict.fromkeys(k.phrasings))) for k in prompt.key_points)
    grade = grade_short_answer(piece, points, prompt.misconceptions)
    points = {j.point.text: (_OUTCOME[j.outcome], j.quote) for j in grade.points}
    stated = [MisconceptionCheck(s.quote, s.misconception.correction) for s in grade.misconceptions]
    return points, stated


def checked_part(text: str) -> str:
    """The part of an essay the checklist reads: its first CHECK_CHARS characters, ending at a space."""
    if len(text) <= CHECK_CHARS:
        return text
    head = text[:CHECK_CHARS]
    cut = head.rfind(" ")
    return head[:cut] if cut > CHECK_CHARS // 2 else head


def check_essay(text: str, prompt: EssayPrompt) -> Checklist:
    """Each key point addressed, missing or contradicted, and the word count.

    A point is contradicted when some part of the essay says the opposite of it (even if another
    part states it: the essay says both), addressed when some part makes it, unsure when the grader
    could tell neither, missing otherwise.
    """
    from dltutor.study.grading import MAX_ANSWER_CHARS

    head = checked_part(text)
    found: dict[str, tuple[Status, str]] = {k.text: ("missing", "") for k in prompt.key_points}
    stated: dict[str, MisconceptionCheck] = {}
    for piece in dict.fromkeys(_pieces(head, MAX_ANSWER_CHARS)):
        points, misconceptions = _judge(piece, prompt)
        for point, (status, quote) in points.items():
            if _RANK[status] > _RANK[found[point][0]]:
                found[point] = (status, quote)
        for m in misconceptions:
            stated.setdefault(m.correction, m)
    points = tuple(PointCheck(k.text, *found[k.text]) for k in prompt.key_points)
    return Checklist(points, word_count(text), len(head), len(text), tuple(stated.values()))


# --- the file an editor opens ----------------------------------------------------------------

HEADER_START = "<!-- dltutor essay:"
HEADER_END = "-->"


def editor_text(ref: EssayRef, draft: str) -> str:
    """What the editor opens: the prompt in a comment (not saved), then the draft so far."""
    from dltutor.course.mathtext import render_math

    try:
        prompt = render_math(ref.prompt.prompt)
    except Exception:  # the prompt as written is still the prompt
        prompt = ref.prompt.prompt
    prompt = prompt.replace("-->", "—>")
    return (f"{HEADER_START} {ref.label}. Write below this comment; the comment itself is not saved.\n"
            f"{prompt}\n{HEADER_END}\n\n{draft}")


def normalise(text: str) -> str:
    """An essay as it is saved: no blank lines before it or trailing space after it, one final newline."""
    text = text.replace("\r\n", "\n").strip("\n").rstrip()
    return text + "\n" if text.strip() else ""


def essay_from_file(raw: str) -> str:
    """The essay in an editor's file: the text after our comment, if the comment is still there."""
    stripped = raw.lstrip("\ufeff")
    if stripped.lstrip().startswith(HEADER_START):
        end = stripped.find(HEADER_END)
        if end != -1:
            stripped = stripped[end + len(HEADER_END):]
    return normalise(stripped)


# --- Markdown --------------------------------------------------------------------------------

MARK = {"addressed": "✓", "missing": "·", "contradicted": "✗", "unsure": "?"}
WORD = {"addressed": "addressed", "missing": "missing", "contradicted": "contradicted", "unsure": "not sure"}


def checklist_lines(checklist: Checklist) -> list[str]:
    """One line per key point ("✓ addressed: linear separability (“…”)"), then each misconception stated."""
    lines = []
    for p in checklist.points:
        quote = f" (“{p.quote}”)" if p.quote else ""
        lines.append(f"{MARK[p.status]} {WORD[p.status]}: {p.point}{quote}")
    for m in checklist.misconceptions:
        lines.append(f"✗ misconception: “{m.quote}”: {m.correction}")
    return lines


def summary_line(checklist: Checklist) -> str:
    """"4 of 6 key points addressed · 1 contradicted · 512 words"."""
    n = len(checklist.points)
    parts = [f"{checklist.count('addressed')} of {n} key point{'s' * (n != 1)} addressed"]
    if checklist.count("contradicted"):
        parts.append(f"{checklist.count('contradicted')} contradicted")
    if checklist.count("unsure"):
        parts.append(f"{checklist.count('unsure')} not sure")
    if checklist.misconceptions:
        n = len(checklist.misconceptions)
        parts.append(f"{n} misconception{'s' * (n != 1)}")
    parts.append(f"{checklist.words:,} word{'s' * (checklist.words != 1)}")
    line = " · ".join(parts)
    if checklist.partial:
        line += f" (key points judged on the first {checklist.checked_chars:,} characters)"
    return line


def essay_markdown(ref: EssayRef, text: str, checklist: Checklist, *, status: str, version: int,
                   saved: str) -> str:
    """The essay for the learner's notes: the prompt, the draft, the checklist."""
    out = [f"# {ref.lecture.title}: essay {ref.number}", "",
           f"> {ref.prompt.prompt}", "",
           f"*{status}, version {version}, saved {saved}; {summary_line(checklist)}.*", "",
           text.rstrip(), "", "## Checklist", ""]
    out += [f"- {line}" for line in checklist_lines(checklist)]
    return "\n".join(out) + "\n"
