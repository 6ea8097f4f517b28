"""`dltutor quiz`: short-answer, multiple-choice and cloze questions, graded with feedback and saved."""

import json
import sqlite3
import sys
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError
from dltutor.study.wording import TYPE_NAME, VERDICT_MARK


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
            sys.stdout.write(json.dumps(_json(session.finish(), course), ensure_ascii=False) + "\n")
        return
    title = course.lecture(lecture_id).title if lecture_id else "all lectures"
    term.say(f"Quiz: {title} · {len(session.items)} question{'s' * (len(session.items) != 1)}"
             f"{' (retrying what you missed)' if wrong else ''}", "heading")
    if term.interactive:
        term.say("Type your answer and press Enter; an empty answer means \"I don't know\". Ctrl-C stops.", "dim")
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
        sys.stdout.write(json.dumps(_json(summary, course), ensure_ascii=False) + "\n")
    conn.close()
    if failure is not None:
        raise failure
    if ctrl_c:
        raise typer.Exit(130)


def _ask(term: Any, session: Any, item: Any, number: int, course: Any) -> bool:
    """Ask one question, grade and save it; False at end of input."""
    from dltutor.study.quiz import parse_choice
    from dltutor.study.wording import plain

    lecture = course.lecture(item.lecture)
    term.say("")
    term.say(f"Question {number} of {len(session.items)} · Lecture {lecture.number} · {TYPE_NAME[item.type]}", "dim")
    term.para(plain(item.prompt), "  ")
    letters = "ABCDEFGH"
    for i, option in enumerate(item.options):
        term.para(f"{letters[i]}) {plain(option)}", "  ")
    prompt = f"Your answer ({letters[0]}-{letters[len(item.options) - 1]}): " if item.options else "Your answer: "
    while True:
        response = term.ask(prompt)
        if response is None:
            return False
        if item.type == "choice" and term.interactive and parse_choice(item, response) is None:
            term.say(f"  Answer with a letter from A to {letters[len(item.options) - 1]} or a number.", "dim")
            continue
        break
    from dltutor.cli.terminal import held_interrupt

    with held_interrupt():
        result = session.answer(item, response)
        _feedback(term, result)
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
    from dltutor.study.wording import plain

    mark, word = VERDICT_MARK[result.verdict]
    term.say(f"  {mark} {word}", "bold")
    if result.item.type == "short":
        if result.key_points_hit:
            term.para("You made: " + "; ".join(plain(k) for k in result.key_points_hit), "    ")
        if result.key_points_missed:
            term.para("You missed: " + "; ".join(plain(k) for k in result.key_points_missed), "    ")
        term.para("Answer highlight: " + plain(result.item.answer), "    ", "dim" if result.verdict == "right" else None)
    elif result.feedback:
        feedback = result.feedback
        if result.verdict == "right" and feedback.startswith("Right: "):
            feedback = feedback[len("Right: "):]  # the verdict line already said so
        term.para(plain(feedback), "    ")


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


def _json(summary: Any, course: Any) -> dict[str, Any]:
    return {
        "attempt": summary.attempt_id or None,
        "questions": summary.planned,
        "answered": len(summary.results),
        "correct": summary.correct,
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
                "feedback": r.feedback,
            }
            for r in summary.results
        ],
    }


def register(app: typer.Typer) -> None:
    app.command()(quiz)
