"""Exercise checks and hints in words, for the command line and the app alike.

A `CheckResult` is data (the pattern of a failure and its facts); `verdict` words it once: the
diagnosis says what the code did against what torch says, the hint says what to change (the
exercise's advice for a slip it recognised, else the advice for the pattern). The four hint
tiers come from the exercise's hints.toml and the course: a nudge, where the lecture and the
glossary explain it, the formula, and the diagnosis of the last check. No torch here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from dltutor.exercises.registry import ExerciseInfo
from dltutor.exercises.runner import MEMORY_LIMIT, CheckResult

TIERS = ("nudge", "lecture", "formula", "diagnosis")

# The patterns a failure is sorted into, as the learner reads them.
LABELS = {
    "todo": "not written yet", "syntax": "syntax error", "import": "error while loading", "missing": "missing function",
    "exception": "exception", "timeout": "time limit", "memory": "memory limit", "crash": "crash",
    "exit": "exited", "type": "wrong type", "shape": "wrong shape", "dtype": "wrong dtype",
    "overflow": "overflow (nan or inf)", "sign": "sign flipped", "factor": "off by a factor", "bias": "missing bias",
    "floor": "forgot the floor", "formula": "a different formula", "dim": "the wrong dimension",
    "mismatch": "wrong values", "internal": "checker error",
}

ADVICE = {
    "syntax": "Fix the line shown: the caret points where Python stopped understanding it.",
    "import": "Code at the top of the file runs when it is loaded: keep only imports and definitions there.",
    "missing": "Keep the function names and parameters of the stub: the checks call them by name.",
    "exception": "Read the last line of the traceback, then the line of your file above it.",
    "timeout": "Look for a loop whose condition never changes, or a recursion without a base case.",
    "memory": "Something grows without bound: a list appended to forever, or a tensor far bigger than the inputs.",
    "crash": "A crash of the process itself (not a Python exception): ctypes, or a native call given bad memory?",
    "exit": "Return the value instead: sys.exit and os._exit end the check before it can see your answer.",
    "type": "Return what the stub's signature says (a torch.Tensor, an int, a tuple...).",
    "shape": "Check which dimension each operation reduces or keeps (keepdim=True), and the order of dimensions.",
    "dtype": "Make new tensors with the inputs' dtype (torch.zeros_like, dtype=x.dtype); turn booleans into "
             "numbers with .to(x.dtype).",
    "overflow": "exp of a large number is inf, and inf/inf or inf − inf is nan: shift the values first (subtract "
                "the max) so that nothing overflows.",
    "sign": "Look for (t − y) written as (y − t), or a + where the rule has a −.",
    "factor": "A constant factor: a 2 or a ½ too many or missing, a sum where a mean goes (or the other way round), "
              "or a scale left out.",
    "mismatch": "Work out one element by hand with the formula (the third hint) and compare it with your code's.",
    "internal": "This is a bug in dltutor, not in your code: please report it.",
}


@cache
def hints(info: ExerciseInfo) -> dict[str, Any]:
    """The exercise's hints.toml (loaded safely: tomllib only parses)."""
    with open(info.folder / "hints.toml", "rb") as f:
        return tomllib.load(f)


def slip_advice(info: ExerciseInfo, slip: str) -> tuple[str, str]:
    """(kind, advice) of one of the exercise's slips."""
    entry = hints(info).get("slips", {}).get(slip, {})
    return str(entry.get("kind", "mismatch")), str(entry.get("advice", ""))


@dataclass(frozen=True)
class Verdict:
    passed: bool
    kind: str | None  # the pattern: a LABELS key (a slip's own kind for slips)
    label: str  # the pattern in words
    diagnosis: str  # what happened, as facts
    hint: str  # what to change
    traceback: str | None = None
    output: str = ""


def _fn(info: ExerciseInfo, result: CheckResult) -> str:
    return result.call or (info.functions[0] + "(…)")


def verdict(info: ExerciseInfo, result: CheckResult) -> Verdict:
    """The result in words: one diagnosis, one hint."""
    if result.passed:
        return Verdict(True, None, "passed",
                       f"All checks passed: {result.calls} calls of your code agreed with torch.", "", None,
                       result.output)
    kind = result.kind or "mismatch"
    hint = ADVICE.get(kind, "")
    if kind == "slip" and result.slip:
        kind, hint = slip_advice(info, result.slip)
    label = LABELS.get(kind, kind)
    call = _fn(info, result)
    oracle = result.oracle or "torch"
    what = f" ({result.what})" if result.what and not call.startswith(f"{result.what}(") else ""
    facts = f"{call} returned {result.got}{what}" if result.got is not None else f"{call}{what}"
    expected = f"; {oracle} gives {result.expected}" if result.expected is not None else ""
    raw = result.kind
    if raw == "todo":
        text = f"{result.detail or info.functions[0]} still raises NotImplementedError: its TODO is waiting for your code."
        hint = str(hints(info).get("nudge", ""))
    elif raw == "syntax":
        text = f"Python cannot read {info.file}."
    elif raw == "import":
        text = f"{info.file} raised an error while it was loaded, before any check ran."
    elif raw == "missing":
        text = f"{info.file} defines no function {result.detail}."
    elif raw == "exception":
        text = f"{call} raised an exception."
    elif raw == "timeout":
        text = (f"Your code ran past the time limit ({result.detail}; the checks take well under a second): "
                "an infinite loop?" + (f" It was running {result.call}." if result.call else ""))
    elif raw == "memory":
        text = (f"Your code ran out of memory (the limit is {MEMORY_LIMIT >> 30} GiB)"
                + (f" in {result.call}" if result.call else "") + ".")
    elif raw == "crash":
        text = f"Your code crashed the checker's process ({result.detail})" + (
            f" in {result.call}" if result.call else "") + "."
    elif raw == "exit":
        text = f"Your code ended the check early: {result.detail}" + (
            f", in {result.call}" if result.call else "") + "."
    elif raw == "internal":
        text = f"The checker failed: {result.detail}."
    elif raw == "type":
        text = f"{facts}: {result.detail}."
    elif raw in ("shape", "dtype"):
        text = f"{facts}: {result.detail}{expected}."
    elif raw == "factor":
        text = f"{facts}{expected}: every value is {_factor(result.factor)} times torch's."
    elif raw == "mismatch" and result.got is None and result.detail:
        text = f"{facts}: {result.detail}."
    else:
        detail = f" ({result.detail})" if result.detail and raw == "mismatch" else ""
        text = f"{facts}{expected}{detail}."
    return Verdict(False, kind, label, text, hint, result.traceback, result.output)


def _factor(value: float | None) -> str:
    if value is None:
        return "a constant"
    from fractions import Fraction

    near = Fraction(value).limit_denominator(12)
    if abs(float(near) - value) < 1e-3 * max(1.0, abs(value)):
        return str(near.numerator) if near.denominator == 1 else f"{near.numerator}/{near.denominator}"
    return f"{value:.4g}"


# --- the hint tiers ---
def hint_tier(info: ExerciseInfo, tier: int, course: Any, last: CheckResult | None, edited: bool) -> list[str]:
    """The lines of hint `tier` (1-4) for `info`."""
    data = hints(info)
    if tier == 1:
        return [str(data.get("nudge", ""))]
    if tier == 2:
        return _reading(info, data, course)
    if tier == 3:
        return _formula(info, data, course)
    if last is None:
        return [f"No check yet: run `dltutor exercise check {info.name}`, and this hint diagnoses what your code does."]
    if last.passed:
        return ["Your last check passed: nothing to diagnose."]
    v = verdict(info, last)
    lines = [f"{v.label.capitalize()}: {v.diagnosis}"]
    if v.traceback:
        lines += v.traceback.splitlines()
    if v.hint:
        lines.append(v.hint)
    if edited:
        lines.append(f"(This is about your file as it was at its last check; `dltutor exercise check {info.name}` "
                     "diagnoses it as it is now.)")
    return lines


def next_hint(workspace: Any, info: ExerciseInfo, course: Any) -> tuple[int, list[str]]:
    """Show one more hint tier of `info` (recorded in the workspace): its number and its lines."""
    tier = workspace.next_hint(info, len(TIERS))
    return tier, shown_hint(workspace, info, course, tier)


def shown_hint(workspace: Any, info: ExerciseInfo, course: Any, tier: int) -> list[str]:
    """The lines of a tier already shown; the fourth follows the latest check."""
    state = workspace.state(info)
    last = CheckResult.from_json(info.name, state.last) if state.last else None
    edited = last is not None and workspace.file_digest(info) != state.digest
    return hint_tier(info, tier, course, last, edited)


def _reading(info: ExerciseInfo, data: dict[str, Any], course: Any) -> list[str]:
    lecture = course.lecture(info.lecture)
    lines = []
    if lecture is not None:
        topic = lecture.topic(str(data.get("topic", ""))) if data.get("topic") else None
        where = f" — {topic.title}" if topic is not None else ""
        lines.append(f"Lecture {lecture.number}: {lecture.title}{where}   dltutor read {lecture.id}")
        if topic is not None:
            first = topic.text.strip().splitlines()[0] if topic.text.strip() else ""
            if first:
                lines.append(f"  {first}")
    for term_id in data.get("terms", []):
        term = course.term(term_id)
        if term is None:
            continue
        definition = term.definitions[0].text if getattr(term, "definitions", None) else ""
        lines.append(f"Glossary: {term.term} — {definition}   dltutor glossary {term_id}")
    return lines


def formulas(info: ExerciseInfo, course: Any) -> list[tuple[str, str]]:
    """(LaTeX, where from): the lectures' own formulas first, then those worked out for the exercise."""
    from dltutor.demos.registry import FormulaRef
    from dltutor.demos.registry import formulas as lecture_formulas

    data = hints(info).get("formula", {})
    refs = tuple(FormulaRef(ref.get("lecture", info.lecture), ref["topic"], ref["contains"])
                 for ref in data.get("lecture", []))
    found = lecture_formulas(SimpleNamespace(formulas=refs, own_formulas=()), course)
    return found + [(latex, "this exercise") for latex in data.get("own", [])]


def _formula(info: ExerciseInfo, data: dict[str, Any], course: Any) -> list[str]:
    from dltutor.course.mathtext import latex_to_unicode

    lines, last = [], None
    for latex, source in formulas(info, course):
        if source != last:
            lines.append(f"from {source}:" if source != "this exercise" else "worked out for this exercise:")
            last = source
        lines += ["    " + line for line in latex_to_unicode(latex).split("\n")]
    note = data.get("formula", {}).get("note")
    if note:
        lines.append(str(note))
    return lines
