"""How practice is put into words, the same in `dltutor quiz`/`review` and in the app's screens.

Plain strings only (no terminal, no Textual): content made readable (formulas as Unicode),
due times and durations as a learner reads them, and the lines that close a quiz or a review.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

VERDICT_MARK = {"right": ("✓", "Right"), "partial": ("◐", "Partly right"), "wrong": ("✗", "Not right")}
TYPE_NAME = {"short": "short answer", "choice": "multiple choice", "cloze": "fill in the blank"}

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
    """The score, and the rest of the closing line: ("Score: 2.5 / 3 (83%)", "2 right, 1 partly, 0 wrong · 4s")."""
    answered = len(summary.results)
    partial = sum(r.verdict == "partial" for r in summary.results)
    wrong = sum(r.verdict == "wrong" for r in summary.results)
    pct = round(100 * summary.score / answered) if answered else 0
    return (f"Score: {summary.score:g} / {answered} ({pct}%)",
            f"{summary.correct} right, {partial} partly, {wrong} wrong · {duration(summary.seconds)}")


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
