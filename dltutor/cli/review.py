"""`dltutor review`: the flashcards that are due, scheduled by FSRS, each rating saved at once."""


import sqlite3
import time
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError

RATING_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4,
                "a": 1, "h": 2, "g": 3, "e": 4}


def parse_rating(text: str) -> int | str | None:
    """1-4, a rating word or its initial, `u` (undo) or `q` (quit); None if it is none of those."""
    word = text.strip().lower()
    if word in ("u", "undo"):
        return "u"
    if word in ("q", "quit", "exit"):
        return "q"
    return RATING_WORDS.get(word)


def review(
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="Only this lecture's cards.",
                                                   show_default=False)] = None,
    optimize: Annotated[bool, typer.Option("--optimize", help="Fit your own FSRS parameters to your review log.")]
    = False,
) -> None:
    """Review the cards that are due: show, reveal, rate 1 Again · 2 Hard · 3 Good · 4 Easy (u undoes)."""
    from dltutor.cli import _study

    if optimize:
        if lecture:
            raise DltutorError("--optimize fits parameters to all your reviews; leave out --lecture")
        _optimize()
        return
    from dltutor.cli.terminal import Terminal
    from dltutor.store import progress
    from dltutor.study.session import ReviewSession

    from dltutor.store.db import DatabaseError, explain

    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    settings = _study.settings()
    conn = _study.open_store(course, write=True, settings=settings)
    term = Terminal()
    session = ReviewSession(conn, course, settings, lecture=lecture_id)
    now = session.clock()
    due = progress.count_due(conn, now, lecture_id)
    new_left = progress.new_available(conn, now, settings.limits(), lecture_id)
    scope = f"Lecture {course.lecture(lecture_id).number}" if lecture_id else "all lectures"
    term.say(f"Review · {scope} · {due} due · {new_left} new today", "heading")
    if term.interactive:
        term.say("Space shows the answer; rate 1 Again · 2 Hard · 3 Good · 4 Easy (or a/h/g/e); "
                 "u undoes the last rating; q stops.", "dim")
    ctrl_c, failure = False, None
    try:
        with term.keys():
            _loop(term, session)
    except KeyboardInterrupt:
        ctrl_c = True
        term.say("")
    except (DatabaseError, sqlite3.Error) as exc:  # a rating not saved: say what was, then why
        failure = explain(exc)
        term.say("")
    _summary(term, session, settings, failure is None)
    conn.close()
    if failure is not None:
        raise failure
    if ctrl_c:
        raise typer.Exit(130)


def _show_front(term: Any, shown: Any) -> None:
    from dltutor.study.wording import plain

    term.say("")
    term.say(f"{shown.content.label}{'  · leech' if shown.card.leech else ''}", "dim")
    term.para(plain(shown.content.front), "  ", "bold")


def _loop(term: Any, session: Any) -> None:
    from dltutor.cli.terminal import held_interrupt
    from dltutor.study import wording
    from dltutor.study.wording import plain
    from dltutor.study.scheduler import RATING_NAMES, describe_interval

    while True:
        shown = session.next()
        if shown is None:
            return
        _show_front(term, shown)
        started = time.monotonic()
        if term.interactive:
            key = term.key("  [space] show answer · u undo · q stop ")
            if key is None or key in ("q", "Q"):
                return
            if key in ("u", "U"):
                _undo(term, session)
                continue
        term.say("  " + "─" * 20, "dim")
        term.para(plain(shown.content.back), "  ")
        intervals = session.intervals(shown)
        term.say("  " + " · ".join(f"{r} {RATING_NAMES[r]} {describe_interval(d)}" for r, d in intervals.items())
                 + " · u undo · q stop", "dim")
        while True:
            answer = term.key("  Rating: ") if term.interactive else term.ask("  Rating: ")
            if answer is None:
                return
            choice = parse_rating(answer)
            if choice is not None or not term.interactive:
                break
            term.say("  Press 1, 2, 3 or 4 (or a, h, g, e), u to undo, q to stop.", "dim")
        if choice == "q":
            return
        if choice == "u":
            _undo(term, session)
            continue
        if choice is None:  # a script gave something else: say so and leave the card for later
            term.say("  Not a rating (1-4, again/hard/good/easy, u, q); card skipped.")
            session.skip(shown)
            continue
        with held_interrupt():
            rated = session.rate(shown, choice, duration_ms=int((time.monotonic() - started) * 1000))
            # Printed only after the rating is committed: what the learner sees as saved is saved.
            term.say("  " + wording.rated(choice, rated.after.schedule.due, session.clock()))
        if rated.became_leech:
            term.say("  " + wording.leech(rated.after.schedule.lapses, rated.after.id))


def _undo(term: Any, session: Any) -> None:
    from dltutor.cli.terminal import held_interrupt

    with held_interrupt():
        restored = session.undo()
        if restored is None:
            term.say("  Nothing to undo in this session.")
        else:
            term.say("  ↶ Undone: the last rating is taken back; that card comes again.")


def _summary(term: Any, session: Any, settings: Any, readable: bool = True) -> None:
    from dltutor.study.wording import nothing_due, review_summary

    summary = session.finish()
    now = session.clock()
    term.say("")
    line = review_summary(summary, summary.seconds)
    if line:
        term.say(line, "bold")
    if summary.leeches:
        term.say(f"Leeches flagged: {', '.join(summary.leeches)}")
    if not readable:  # the store failed: what comes next is not worth another try at it
        return
    if session.next() is not None:
        term.say("More cards are due: run `dltutor review` again to continue.", "dim")
        return
    line, more = nothing_due(session.next_due(), now, session.new_waiting(), settings.new_per_day)
    term.say(line)
    if more:
        term.say(more, "dim")


def _optimize() -> None:
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.study.optimize import optimize

    conn = _study.open_store(_study.course(), write=False)  # it reads the log; the result goes to config.toml
    term = Terminal()
    current = _study.settings().fsrs_parameters
    try:
        result = optimize(conn, term.say, current)
    finally:
        conn.close()
    if not hasattr(result, "parameters"):  # too few reviews: said politely, nothing changed
        term.para(result.sentence())
        return
    from dltutor.settings import set_setting

    set_setting("fsrs.parameters", ",".join(repr(p) for p in result.parameters))
    had = "your previous parameters" if current else "the defaults"
    term.say(f"Log loss on your reviews: {result.loss_before:.4f} with {had} → {result.loss_after:.4f} "
             f"with your parameters ({result.change_pct:+.1f}%).", "bold")
    term.say("Saved as fsrs.parameters in your settings; `dltutor config set fsrs.parameters default` "
             "goes back to FSRS's defaults.", "dim")


def register(app: typer.Typer) -> None:
    app.command()(review)
