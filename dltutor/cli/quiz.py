"""`dltutor quiz`: short-answer, multiple-choice and cloze questions, graded with feedback and saved."""

import json
import sqlite3
import sys
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError
from dltutor.study.wording import VERDICT_MARK


def _types(text: str) -> tuple[str, ...]:
    from dltutor.study.quiz import QUESTION_TYPES as TYPES

    wanted = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not wanted or "all" in wanted:
        return TYPES
    bad = [t for t in wanted if t not in TYPES]
    if bad:
        raise DltutorError(f"unknown question type {bad[0]!r}; use short, choice, cloze or all")
    return tuple(t for t in TYPES if t in wanted)


def quiz(
    lecture: Annotated[Optional[str], typer.Argument(
        help="The lecture: lecture-3, 3 or its name. Leave out to mix all lectures, weighted towards your weak ones.",
        show_default=False)] = None,
    n: Annotated[Optional[int], typer.Option("--n", "-n", min=1, help="How many questions.", show_default=False)] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the order and the choices.", min=-2 ** 63,
                                                max=2 ** 63 - 1, show_default=False)] = None,
    qtype: Annotated[str, typer.Option("--type", "-t", help="short, choice, cloze or all (comma-separated).",
                                       metavar="TYPE")] = "all",
    wrong: Annotated[bool, typer.Option("--wrong", help="Retry what you missed last time.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")] = False,
) -> None:
    """Take a quiz: each answer is graded, explained and saved; what you miss becomes due flashcards."""
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.study.session import QuizSession

    from dltutor.store.db import DatabaseError, explain

    types = _types(qtype)
    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    conn = _study.open_store(course, write=True, settings=_study.settings())
    # With --json the transcript goes to stderr, so stdout holds exactly one JSON object.
    term = Terminal(out=sys.stderr if as_json else sys.stdout)
    session = QuizSession(conn, course, lectures=[lecture_id] if lecture_id else None, n=n, types=types,
                          seed=seed, wrong=wrong)
    if not session.items:
        if wrong:
            term.say("Nothing to retry: you got everything right last time.")
        else:
            term.say("No questions of that type here; try --type all.")
        if as_json:
            sys.stdout.write(json.dumps(_json(session.finish(), course, session.requested), ensure_ascii=False) + "\n")
        return
    title = course.lecture(lecture_id).title if lecture_id else "all lectures"
    term.say(f"Quiz: {title} · {len(session.items)} question{'s' * (len(session.items) != 1)}"
             f"{' (retrying what you missed)' if wrong else ''}", "heading")
    if session.requested is not None and len(session.items) < session.requested:
        where = f"lecture {course.lecture(lecture_id).number} offers" if lecture_id else "the course offers"
        term.say(f"You asked for {session.requested}; {where} {len(session.items)} without asking a term twice.", "dim")
    if term.interactive:
        term.say("Type your answer and press Enter; an empty answer skips the question. Ctrl-C stops.", "dim")
    ctrl_c, failure = False, None
    try:
        for number, item in enumerate(session.items, start=1):
            if not _ask(term, session, item, number, course):
                break  # end of input ends the quiz cleanly
    except KeyboardInterrupt:
        ctrl_c = True
        term.say("")
    except (DatabaseError, sqlite3.Error) as exc:  # an answer not saved: the summary of those that were, then why
        failure = explain(exc)
        term.say("")
    summary = session.finish(interrupted=len(session.results) < len(session.items))
    failure = failure or session.failure
    _summary(term, summary, course, session.scope)
    if as_json:
        sys.stdout.write(json.dumps(_json(summary, course, session.requested), ensure_ascii=False) + "\n")
    conn.close()
    if failure is not None:
        raise failure
    if ctrl_c:
        raise typer.Exit(130)


def _ask(term: Any, session: Any, item: Any, number: int, course: Any) -> bool:
    """Ask one question, grade and save it; False at end of input."""
    from dltutor.study.quiz import is_skip, parse_choice
    from dltutor.study.wording import plain, type_name

    lecture = course.lecture(item.lecture)
    term.say("")
    term.say(f"Question {number} of {len(session.items)} · Lecture {lecture.number} · {type_name(item.type)}", "dim")
    term.para(plain(item.prompt), "  ")
    letters = "ABCDEFGH"
    for i, option in enumerate(item.options):
        term.para(f"{letters[i]}) {plain(option)}", "  ")
    prompt = f"Your answer ({letters[0]}-{letters[len(item.options) - 1]}): " if item.options else "Your answer: "
    while True:
        response = term.ask(prompt)
        if response is None:
            return False
        if item.options and term.interactive and not is_skip(response) and parse_choice(item, response) is None:
            term.say(f"  Answer with a letter from A to {letters[len(item.options) - 1]} or a number "
                     "(an empty answer skips).", "dim")
            continue
        break
    from dltutor.cli.terminal import held_interrupt

    with held_interrupt():
        result = session.answer(item, response)
        _feedback(term, result)
    if term.interactive and result.verdict == "skipped":
        return term.ask("  [Enter] next: ") is not None  # nothing to judge or to mark
    if term.interactive and result.details.unsure:
        result = _self_judge(term, session, result)
        if result is None:
            return False
    if term.interactive:
        choice = term.ask("  [Enter] next · r/p/w to mark it right, partly right or wrong: ")
        if choice is None:
            return False
        override = {"r": "right", "p": "partial", "w": "wrong"}.get(choice.strip().lower()[:1])
        if override and override != result.verdict:
            with held_interrupt():
                session.override(override)
                term.say(f"  Marked {VERDICT_MARK[override][1].lower()}.", "dim")
    return True


def _feedback(term: Any, result: Any) -> None:
    from dltutor.study.wording import paragraphs

    mark, word = VERDICT_MARK[result.verdict]
    term.say(f"  {mark} {word}", "bold")
    for p in paragraphs(result):
        term.para(f"{p.head} {p.body}" if p.head else p.body, "    ", TONE.get(p.tone))


TONE = {"bad": "bold", "dim": "dim", "note": "dim"}


def _self_judge(term: Any, session: Any, result: Any) -> Any:
    """The grader could not tell some key points: the learner judges them (y/n), as in Anki; None at end of input."""
    from dltutor.cli.terminal import held_interrupt
    from dltutor.study.wording import plain

    term.say("  I could not tell whether your answer makes these points; you judge:", "dim")
    judged: dict[str, bool] = {}
    for point in result.details.unsure:
        term.para(f"Key point: {plain(point)}", "    ")
        while True:
            said = term.ask("    Did your answer make it? [y/n]: ")
            if said is None:
                return None
            said = said.strip().lower()[:1]
            if said in ("y", "n"):
                judged[point] = said == "y"
                break
            term.say("    Answer y or n.", "dim")
    with held_interrupt():
        result = session.settle(judged)
    mark, word = VERDICT_MARK[result.verdict]
    term.say(f"  {mark} {word} (judged by you)", "bold")
    return result


def _summary(term: Any, summary: Any, course: Any, scope: str) -> None:
    from dltutor.study.wording import plain, quiz_score

    answered = len(summary.results)
    term.say("")
    if not answered:
        term.say("No questions answered; nothing saved.")
        return
    score, rest = quiz_score(summary)
    term.say(f"{score} · {rest}", "bold")
    if answered < summary.planned:
        term.say(f"Stopped after {answered} of {summary.planned} questions; your answers are saved.")
    missed = [r for r in summary.results if r.verdict != "right"]
    if missed:
        term.say("To review:")
        for r in missed:
            lecture = course.lecture(r.item.lecture)
            prompt = plain(r.item.prompt).replace("\n", " ")
            prompt = prompt if len(prompt) <= 90 else prompt[:89].rstrip() + "…"
            term.para(f"{VERDICT_MARK[r.verdict][0]} {prompt}  (dltutor read {lecture.id})", "  ")
        if summary.made_due:
            n = summary.made_due
            term.say(f"{n} flashcard{'s are' if n != 1 else ' is'} now due: run `dltutor review`.")
        term.say(f"Retry just these: dltutor quiz{'' if scope == 'all' else ' ' + scope} --wrong", "dim")
    else:
        term.say("Everything right. Well done.")


def _json(summary: Any, course: Any, requested: int | None = None) -> dict[str, Any]:
    """The quiz as one object; `requested` is the --n asked for (null without one), `questions` what was asked."""
    return {
        "attempt": summary.attempt_id or None,
        "questions": summary.planned,
        "requested": requested,
        "answered": len(summary.results),
        "correct": summary.correct,
        "skipped": summary.skipped,
        "score": summary.score,
        "seconds": round(summary.seconds, 3),
        "interrupted": summary.interrupted,
        "made_due": summary.made_due,
        "results": [
            {
                "key": r.item.key,
                "type": r.item.type,
                "lecture": r.item.lecture,
                "question": r.item.prompt,
                "options": list(r.item.options),
                "answer": r.response,
                "model_answer": r.item.answer,
                "verdict": r.verdict,
                "score": r.score,
                "key_points_hit": list(r.key_points_hit),
                "key_points_missed": list(r.key_points_missed),
                "key_points_contradicted": list(r.key_points_contradicted),
                "key_points_unsure": list(r.details.unsure),
                "misconceptions": [{"id": m.id, "said": m.quote, "correction": m.correction}
                                   for m in r.details.misconceptions],
                "confidence": round(r.confidence, 2),
                "self_judged": r.self_judged,
                "notes": [{"note": n.text, "source": n.source, "quote": n.quote} for n in r.details.notes],
                "feedback": r.feedback,
            }
            for r in summary.results
        ],
    }


def register(app: typer.Typer) -> None:
    app.command()(quiz)
