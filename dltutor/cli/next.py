"""`dltutor next`: the one thing to do now, the command that starts it, and why."""


import json
import sys
from typing import Annotated

import typer


def next_step(
    as_json: Annotated[bool, typer.Option("--json", help="Print kind, command and reason as one JSON object.")]
    = False,
) -> None:
    """What to do next: from your reviews, quizzes, reading, essays and exercises, one step and its command."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.study.next_step import recommend, situation

    course = _study.course()
    settings = _study.settings()
    conn = _study.open_store(course, write=False, settings=settings)  # reads only: never writes the file
    moment = now()
    try:
        step = recommend(situation(conn, course, settings, moment))
    finally:
        conn.close()
    if as_json:
        sys.stdout.write(json.dumps({"kind": step.kind, "title": step.title, "reason": step.reason,
                                     "command": step.command, "minutes": step.minutes}, ensure_ascii=False) + "\n")
        return
    from dltutor.render.fast import Styled, use_color, width, wrap

    s = Styled(use_color())
    columns = min(width(), 100)
    out = [s.style(line, "bold") for line in wrap(step.title, columns)]
    out += wrap(step.reason[:1].upper() + step.reason[1:] + ".", columns, "  ")
    out.append("  " + s.style(f"$ {step.command}", "cyan"))
    sys.stdout.write("\n".join(out) + "\n")


def register(app: typer.Typer) -> None:
    app.command("next")(next_step)
