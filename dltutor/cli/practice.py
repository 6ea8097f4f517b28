"""`dltutor practice`: generated problems with fresh numbers, each answer checked, saved and worked out.

Fast to start (1.25x a one-command Typer app): no course, no scheduler, no torch on the way to
the first problem. The course is only loaded to resolve a lecture by its name or title.
"""

import json
import re
import sys
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError


def _scope(target: Optional[str]) -> str:
    """"all", "list", a kind or a lecture id, from what the learner typed."""
    from dltutor.study.practice.kinds import KINDS, lectures

    if target is None:
        return "all"
    name = " ".join(target.strip().lower().split())
    if name in ("list", "all") or name in KINDS:
        return name
    number = re.fullmatch(r"(?:lecture[-_ ]?)?(\d{1,3})", name)
    if number:
        lecture = f"lecture-{int(number[1])}"
        if lecture in lectures():
            return lecture
        raise DltutorError(f"no lecture {int(number[1])} has problems; lectures 1-{len(lectures())} do")
    from dltutor.errors import NotFoundError

    try:  # a lecture by its name or title: only the course knows those
        from dltutor.cli import _study

        lecture = _study.lecture_id(_study.course(), target)
    except NotFoundError:
        lecture = None
    if lecture in lectures():
        return lecture
    from difflib import get_close_matches

    from dltutor.textsafe import clean_line

    close = get_close_matches(name, [*KINDS, *lectures(), "list"], n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise DltutorError(f"no problem kind or lecture named {clean_line(target)!r}{hint} "
                       "(`dltutor practice list` shows every kind)")


def practice(
    target: Annotated[Optional[str], typer.Argument(
        metavar="[KIND|LECTURE|list]", show_default=False,
        help="A problem kind (conv-output-size), a lecture (lecture-6, 6 or its name), or `list` for every kind. "
             "Leave out to mix all lectures, weighted towards the ones whose problems you miss.")] = None,
    n: Annotated[Optional[int], typer.Option("--n", "-n", min=1, max=500, help="How many problems (5 unless given).",
                                             show_default=False)] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the problems and their numbers.",
                                                show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per problem on stdout: kind, params, "
                                                         "question, then answer, expected and verdict.")] = False,
) -> None:
    """Solve problems with fresh numbers: each answer is checked within a stated tolerance, worked out and saved."""
    scope = _scope(target)
    if scope == "list":
        _list(as_json)
        return
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.study.practice.session import PracticeSession

    conn = _study.open_store(None, write=True)
    # With --json the transcript goes to stderr, so stdout holds exactly the problems' JSON lines.
    term = Terminal(out=sys.stderr if as_json else sys.stdout)
    session = PracticeSession(conn, scope=scope, n=n, seed=seed)
    count = len(session.problems)
    from dltutor.study.wording import practice_scope

    term.say(f"Practice: {practice_scope(scope)} · {count} problem{'s' * (count != 1)}", "heading")
    if term.interactive:
        term.say("Type your answer and press Enter: 0.73, 73%, 3/4, 1e-3, or several numbers as 0.1, 0.2. "
                 "An empty answer skips. Ctrl-C stops.", "dim")
    ctrl_c = False
    try:
        for number, problem in enumerate(session.problems, start=1):
            result = _ask(term, session, problem, number)
            if as_json:
                sys.stdout.write(json.dumps(_json(problem, result), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            if result is None:
                break  # end of input ends the sitting cleanly
    except KeyboardInterrupt:
        ctrl_c = True
        term.say("")
    summary = session.finish(interrupted=len(session.results) < count)
    _summary(term, summary, scope)
    conn.close()
    if ctrl_c:
        raise typer.Exit(130)


def _number(lecture: str) -> str:
    return lecture.rsplit("-", 1)[-1]


def _ask(term: Any, session: Any, problem: Any, number: int) -> Any:
    """Pose one problem until it gets an answer in the expected form; grade, save, explain. None at end of input."""
    from dltutor.cli.terminal import held_interrupt

    term.say("")
    term.say(f"Problem {number} of {len(session.problems)} · Lecture {_number(problem.lecture)} · {problem.kind}",
             "dim")
    term.para(problem.question, "  ")
    while True:
        response = term.ask("Your answer: ")
        if response is None:
            return None
        with held_interrupt():
            result = session.answer(problem, response)  # committed before the verdict is printed
            if result.saved:
                _feedback(term, result)
        if result.saved:
            return result
        term.para(result.graded.form_error, "  ", "dim")  # not graded: ask again


def _feedback(term: Any, result: Any) -> None:
    from dltutor.study.wording import PRACTICE_MARK, practice_feedback

    mark, word = PRACTICE_MARK[result.verdict]
    term.say(f"  {mark} {word}", "bold")
    for line in practice_feedback(result):
        term.para(line, "    ")
    term.say("    Worked solution:", "dim" if result.verdict == "right" else None)
    for step in result.problem.solution:
        term.para(step, "      ", "dim" if result.verdict == "right" else None)


def _summary(term: Any, summary: Any, scope: str) -> None:
    from dltutor.study.wording import PRACTICE_MARK, practice_comes_back, practice_score

    answered = len(summary.results)
    term.say("")
    if not answered:
        term.say("No problems answered; nothing saved.")
        return
    score, rest = practice_score(summary)
    term.say(f"{score} · {rest}", "bold")
    if answered < summary.planned:
        term.say(f"Stopped after {answered} of {summary.planned} problems; your answers are saved.")
    missed = [r for r in summary.results if r.verdict != "right"]
    if not missed:
        term.say("Everything right. Well done.")
        return
    term.say("To review:")
    for kind in summary.missed:
        r = next(r for r in missed if r.problem.kind == kind)
        term.say(f"  {PRACTICE_MARK[r.verdict][0]} {kind} (Lecture {_number(r.problem.lecture)})  "
                 f"dltutor read {r.problem.lecture}")
    line = practice_comes_back(summary.made_due)
    if line:
        term.say(line)
    again = summary.missed[0] if len(summary.missed) == 1 else ("" if scope == "all" else scope)
    term.say(f"Practise again: dltutor practice{' ' + again if again else ''}", "dim")


def _json(problem: Any, result: Any) -> dict[str, Any]:
    answered = result is not None
    return {
        "kind": problem.kind,
        "lecture": problem.lecture,
        "seed": problem.seed,
        "params": problem.params,
        "question": problem.question,
        "tolerance": problem.tolerance,
        "answer": result.response if answered else None,
        "expected": list(problem.expected) if isinstance(problem.expected, tuple) else problem.expected,
        "verdict": result.verdict if answered else None,
        "slip": result.graded.slip if answered else None,
        "solution": list(problem.solution),
    }


def _list(as_json: bool) -> None:
    from dltutor.study.practice.kinds import KINDS

    if as_json:
        sys.stdout.write(json.dumps([{"kind": k.NAME, "lecture": k.LECTURE, "summary": k.SUMMARY}
                                     for k in KINDS.values()], ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, table, use_color, width

    rows = [[k.NAME, _number(k.LECTURE), k.SUMMARY] for k in KINDS.values()]
    sys.stdout.write(table(["kind", "lecture", "what you work out"], rows, right=(1,), styled=Styled(use_color()),
                           columns=min(width(), 100)))
    sys.stdout.write("Practise one with `dltutor practice KIND`, a lecture's with `dltutor practice lecture-6`.\n")


def register(app: typer.Typer) -> None:
    app.command()(practice)
