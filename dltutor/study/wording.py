"""How practice is put into words, the same in `dltutor quiz`/`review` and in the app's screens.

Plain strings only (no terminal, no Textual): content made readable (formulas as Unicode),
due times and durations as a learner reads them, a graded answer's feedback (from the data the
grader returns: points made, missed and contradicted, misconceptions and their corrections, the
model answer, the tutor's notes), and the lines that close a quiz or a review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

VERDICT_MARK = {"right": ("✓", "Right"), "partial": ("◐", "Partly right"), "wrong": ("✗", "Not right"),
                "skipped": ("–", "Skipped")}


def type_name(kind: str) -> str:
    """How a kind of question is called: "short answer", "multiple choice", ..."""
    from dltutor.study.quiz import KINDS

    module = KINDS.get(kind)
    return getattr(module, "TITLE", kind)

_EMPHASIS = re.compile(r"(\*\*|__)([^_*\s](?:.*?[^_*\s])?)\1")  # not a cloze blank "______"


def plain(text: str) -> str:
    """Content text for the terminal: formulas as Unicode, Markdown emphasis markers dropped."""
    from dltutor.course.mathtext import render_math

    try:
        text = render_math(text)
    except Exception:  # a formula we cannot render is still worth showing as written
        pass
    return _EMPHASIS.sub(r"\2", text)


def when(moment: datetime, now: datetime) -> str:
    """A due time as a learner reads it: "now", "in 10m (at 09:10)", "in 3d (Sat 17 Jan 2026)"."""
    from dltutor.study.scheduler import describe_interval

    delta = moment - now
    if delta <= timedelta(0):
        return "now"
    local = moment.astimezone()
    if delta < timedelta(hours=20):
        return f"in {describe_interval(delta)} (at {local:%H:%M})"
    return f"in {describe_interval(delta)} ({local:%a %d %b %Y})"


# Again is a failed recall: the card comes back, so it gets no check mark.
RATING_MARK = {1: "↺", 2: "✓", 3: "✓", 4: "✓"}


def rated(rating: int, due: datetime, now: datetime) -> str:
    """What a rating says once it is saved: "✓ Good · due again in 10m (at 09:10)", "↺ Again · ..."."""
    from dltutor.study.scheduler import RATING_NAMES

    return f"{RATING_MARK[rating]} {RATING_NAMES[rating]} · due again {when(due, now)}"


def leech(lapses: int, card_id: int) -> str:
    """What a review says when a card has just become a leech."""
    return (f"This card is a leech: forgotten {lapses} times. Consider rewriting it in your own words "
            f"(dltutor cards add) or suspending it (dltutor cards suspend {card_id}).")


def today_parts(figures: dict[str, Any]) -> str:
    """What today holds, in parts that add up to `due_today`: "8 due now, 1 later today, 20 new"."""
    parts = [f"{figures['due_now']} due now"]
    if figures["due_later_today"]:
        parts.append(f"{figures['due_later_today']} later today")
    parts.append(f"{figures['new_available']} new")
    return ", ".join(parts)


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


def quiz_score(summary: Any) -> tuple[str, str]:
    """The score, and the rest of the closing line: ("Score: 2.5 / 4 (62%)", "2 right, 1 partly, 0 wrong, 1 skipped · 4s").

    A skip earns no points and counts among the questions asked, but is not called wrong.
    """
    answered = len(summary.results)
    partial = sum(r.verdict == "partial" for r in summary.results)
    wrong = sum(r.verdict == "wrong" for r in summary.results)
    skipped = sum(r.verdict == "skipped" for r in summary.results)
    pct = round(100 * summary.score / answered) if answered else 0
    return (f"Score: {summary.score:g} / {answered} ({pct}%)",
            f"{summary.correct} right, {partial} partly, {wrong} wrong{f', {skipped} skipped' if skipped else ''}"
            f" · {duration(summary.seconds)}")


def review_summary(summary: Any, seconds: float) -> str:
    """A review's closing line (cards, ratings, time); empty if nothing was rated."""
    from dltutor.study.scheduler import RATING_NAMES

    if not summary.reviewed:
        return ""
    parts = " · ".join(f"{summary.ratings[r]} {RATING_NAMES[r]}" for r in RATING_NAMES if summary.ratings[r])
    n = len(summary.cards)
    extra = f", {summary.reviewed} ratings" if summary.reviewed != n else ""
    return (f"Reviewed {n} card{'s' * (n != 1)}{extra} in {duration(seconds)}: {parts}"
            + (f" · {summary.new} new" if summary.new else ""))


def nothing_due(next_due: datetime | None, now: datetime, waiting: int, new_per_day: int) -> tuple[str, str]:
    """What a review says when nothing more is due, and (or "") the line about new cards waiting."""
    if next_due is not None and next_due > now:
        line = f"Nothing more is due now. Next card due {when(next_due, now)}."
    elif next_due is None and not waiting:
        line = "Nothing is due: there are no cards to study here."
    else:
        line = "Nothing more is due now."
    more = (f"{waiting} new card{'s wait' if waiting != 1 else ' waits'} for the coming days "
            f"({new_per_day} a day; `dltutor config set review.new_per_day N` changes it).") if waiting else ""
    return line, more


# --- practice problems ----------------------------------------------------------------------------

PRACTICE_MARK = {"right": ("✓", "Right"), "wrong": ("✗", "Not right"), "skipped": ("–", "Skipped")}


def practice_scope(scope: str) -> str:
    """What a sitting covers: "all lectures", "Lecture 6" or "conv-output-size (Lecture 6)"."""
    from dltutor.study.practice.kinds import KINDS

    if scope == "all":
        return "all lectures"
    lecture = KINDS[scope].LECTURE if scope in KINDS else scope
    number = f"Lecture {lecture.rsplit('-', 1)[-1]}"
    return f"{scope} ({number})" if scope in KINDS else number


def practice_answer(problem: Any) -> str:
    """"The answer is 16." or "The answer is about 0.7311." (an equals sign only where nothing is rounded)."""
    from dltutor.study.practice.problem import eq

    sign, shown = eq(problem.expected).split(" ", 1)
    return f"The answer is {'about ' if sign == '≈' else ''}{shown}."


def practice_feedback(result: Any) -> list[str]:
    """The lines under a practice verdict: the answer, what you gave, the slip or how close it was."""
    from dltutor.study.practice.problem import num

    graded, problem = result.graded, result.problem
    lines = [practice_answer(problem)]
    if graded.verdict == "wrong":
        gave = ", ".join(num(v, 6) for v in graded.values)
        lines[0] = lines[0][:-1] + f"; you gave {gave if len(graded.values) == 1 else '[' + gave + ']'}."
        if graded.slip:
            lines.append(graded.slip)
        elif graded.close:
            lines.append(f"Close, but outside ±{num(problem.tolerance)}: keep more digits until the last step.")
    return lines


def practice_score(summary: Any) -> tuple[str, str]:
    """("Practice: 3 of 5 right (60%)", "1 wrong, 1 skipped · 1m 02s") for the closing line."""
    answered = len(summary.results)
    right = summary.count("right")
    pct = round(100 * right / answered) if answered else 0
    return (f"Practice: {right} of {answered} right ({pct}%)",
            f"{summary.count('wrong')} wrong, {summary.count('skipped')} skipped · {duration(summary.seconds)}")


def practice_comes_back(kinds: list[str]) -> str:
    """The line saying which missed kinds are now due as review cards ("" if none)."""
    if not kinds:
        return ""
    names = ", ".join(kinds[:-1]) + (" and " if len(kinds) > 1 else "") + kinds[-1]
    return (f"{names} come{'s' * (len(kinds) == 1)} back in `dltutor review`, with new numbers each time.")


# --- a graded answer --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph of feedback: a lead-in ("You made:"), its text, and its tone for the front end."""

    head: str
    body: str
    tone: str = ""  # "bad" (a contradiction), "dim" (a nudge, a highlight after a right answer), "note"


def echo(response: str, limit: int = 40) -> str:
    """The learner's text, safe to print in feedback: one line, no control characters, no lone surrogates."""
    from dltutor.textsafe import clean_line

    text = response.encode("utf-8", "replace").decode("utf-8") if isinstance(response, str) else ""
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence(text: str) -> str:
    """Text ending in exactly one full stop (a definition option often has its own)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _is_short(d: Any) -> bool:
    return bool(d.hit or d.missed or d.unsure or d.contradicted or d.misconceptions)


def paragraphs(result: Any) -> list[Para]:
    """What follows the verdict line, for the command line and the app alike."""
    d = result.details
    if d.options:
        return [Para("", _choice_sentence(result, shown=True))]
    if not _is_short(d):
        return [Para("", _cloze_sentence(result, shown=True))]
    out: list[Para] = []
    if result.verdict == "skipped":
        points = (*d.missed, *d.unsure)
        if points:
            out.append(Para("A good answer makes:", "; ".join(plain(k) for k in points)))
        out.append(Para("Answer highlight:", plain(d.model_answer)))
        out.extend(Para("Tutor's note:", f"{plain(n.text)} (Source: {n.source})", "note") for n in d.notes)
        return out
    if not d.said:
        out.append(Para("", "No answer given."))
    quoted = set()
    for m in d.misconceptions:
        out.append(Para("You wrote", f"'{m.quote}'. {m.correction}", "bad"))
        quoted.add(m.quote)
    for c in d.contradicted:
        if not any(c.quote in q or q in c.quote for q in quoted):
            out.append(Para("You wrote", f"'{c.quote}', the opposite of a key point: {c.point}.", "bad"))
    if d.salad:
        out.append(Para("", "That is a list of terms: say in a sentence how they fit together.", "dim"))
    if d.hit:
        out.append(Para("You made:", "; ".join(plain(k) for k in d.hit)))
    if d.missed:
        out.append(Para("You missed:", "; ".join(plain(k) for k in d.missed)))
    if d.unsure:
        out.append(Para("Not sure you said:", "; ".join(plain(k) for k in d.unsure)))
    out.append(Para("Answer highlight:", plain(d.model_answer), "dim" if result.verdict == "right" else ""))
    for note in d.notes:
        out.append(Para("Tutor's note:", f"{plain(note.text)} (Source: {note.source})", "note"))
    return out


def feedback_text(result: Any) -> str:
    """The feedback in one paragraph: the verdict's reason, then any correction (what `--json` reports)."""
    d = result.details
    if d.options:
        return _choice_sentence(result, shown=False)
    if not _is_short(d):
        return _cloze_sentence(result, shown=False)
    points = len(d.hit) + len(d.missed) + len(d.unsure) + len(d.contradicted)
    wanted = "; ".join((*d.missed, *d.unsure))
    if result.verdict == "skipped":
        text = f"Skipped; a good answer mentions: {wanted}."
    elif not d.said:
        text = f"No answer given; a good answer mentions: {wanted}."
    elif d.misconceptions or d.contradicted:
        text = "Not right: " + " ".join(
            [f"you wrote '{m.quote}'. {_sentence(m.correction)}" for m in d.misconceptions]
            + [f"'{c.quote}' says the opposite of a key point: {c.point}." for c in d.contradicted])
    elif result.verdict == "right" and not wanted:
        text = "Right: you made every key point."
    elif result.verdict == "right":
        text = f"Right: {len(d.hit)} of {points} key points; you could also mention: {wanted}."
    elif result.verdict == "partial":
        text = f"Partly right: {len(d.hit)} of {points} key points; missing: {wanted}."
    else:
        text = f"Not yet: a good answer mentions: {wanted}."
    if d.salad:
        text += " Say it as a sentence: a list of terms does not yet explain how they fit together."
    return text


def _choice_sentence(result: Any, shown: bool) -> str:
    d, item = result.details, result.item
    answer = f"{d.right_letter}: {d.model_answer}"
    if result.verdict == "right":
        return _sentence(answer if shown else f"Right: {answer}")
    if result.verdict == "skipped":
        return _sentence(f"The answer is {answer}" if shown else f"Skipped; the answer is {answer}")
    letters = "ABCDEFGHIJ"
    if d.chosen is None:
        if not d.said:
            head = "No option chosen."
        else:
            head = f"'{d.said}' is not one of the options (1-{d.options} or A-{letters[d.options - 1]})."
        return f"{head} {_sentence(f'The answer is {answer}')}"
    if d.chosen_defines:
        picked = f"You chose {letters[d.chosen]}, which defines {d.chosen_defines}."
    else:
        picked = f"You chose {letters[d.chosen]}: {_sentence(item.options[d.chosen])}"
    return f"{_sentence(f'The answer is {answer}')} {picked}"


def _cloze_sentence(result: Any, shown: bool) -> str:
    d = result.details
    right = "" if shown else "Right: "
    if result.verdict == "right":
        if d.match == "alias":
            return f"{right}'{d.said}' is another name for {d.model_answer}."
        if d.match == "close":
            return f"{right}the term is {d.model_answer} (you wrote '{d.said}': close enough)."
        return f"{right}{d.model_answer}."
    if result.verdict == "skipped":
        return f"The term is {d.model_answer}." if shown else f"Skipped; the term is {d.model_answer}."
    if not d.said:
        return f"No answer given; the term is {d.model_answer}."
    return f"The term is {d.model_answer} (you wrote '{d.said}')."
