"""`dltutor essay`: write on the guidebook's essay prompts, see each key point's checklist, mark them done.

`dltutor essay [LECTURE [N]]` writes (in $VISUAL/$EDITOR, or line by line in the terminal, or from
stdin); `list`, `show`, `export` and `done` are its other commands. The work is `study.writing`'s.
"""


import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from dltutor.errors import DltutorError


class EssayGroup(TyperGroup):
    """`dltutor essay lecture-3` means `dltutor essay write lecture-3`: writing is what the group is for."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["write", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=EssayGroup, help="Write essays on the lectures' prompts, checked against their key points.",
                  context_settings={"help_option_names": ["-h", "--help"]})

LectureArg = Annotated[Optional[str], typer.Argument(
    metavar="[LECTURE]", help="The lecture: lecture-3, 3 or its name.", show_default=False)]
PromptArg = Annotated[Optional[int], typer.Argument(
    metavar="[N]", min=1, help="Which of the lecture's prompts (1, 2, ...).", show_default=False)]


# --- shared ---------------------------------------------------------------------------------

def _desk(course: Any) -> Any:
    """The essay desk on an open store, after saving what an unfinished session left behind."""
    from dltutor.cli import _study
    from dltutor.study.writing import EssayDesk

    desk = EssayDesk(_study.open_store(course, write=True, settings=_study.settings()), course)
    for found in desk.recover():
        if found.saved is not None:
            sys.stderr.write(f"dltutor: recovered text of {found.ref.label} that a session did not finish "
                             f"saving ({found.saved.checklist.words:,} words); kept as version "
                             f"{found.saved.version.number}\n")
    return desk


def _refs(desk: Any, course: Any, lecture: str | None, number: int | None, *, written: bool) -> list[Any]:
    """The essays a command names: one prompt, a lecture's prompts (only those written, if `written`), or all."""
    from dltutor.cli import _study
    from dltutor.study.essay import find_prompt

    if lecture is None:
        states = desk.states()
        return [r for r in desk.refs if not written or r.key in states]
    lec = course.lecture(_study.lecture_id(course, lecture))
    if number is not None:
        return [find_prompt(course, lec, number)]
    refs = [r for r in desk.refs if r.lecture_id == lec.id]
    if written:
        states = desk.states()
        refs = [r for r in refs if r.key in states]
    return refs


def _status(state: Any) -> str:
    if state is None:
        return "not started"
    return "done" if state.done else "draft"


def _checklist_block(term: Any, checklist: Any) -> None:
    from dltutor.study.essay import checklist_lines, summary_line
    from dltutor.study.wording import plain

    term.say(summary_line(checklist), "bold")
    for line in checklist_lines(checklist):
        term.para(plain(line), "  ")


def _checklist_json(checklist: Any) -> dict[str, Any]:
    return {
        "words": checklist.words,
        "key_points": len(checklist.points),
        "addressed": checklist.count("addressed"),
        "missing": checklist.count("missing"),
        "contradicted": checklist.count("contradicted"),
        "unsure": checklist.count("unsure"),
        "checked_chars": checklist.checked_chars,
        "chars": checklist.chars,
        "checklist": [{"point": p.point, "status": p.status, "quote": p.quote} for p in checklist.points],
        "misconceptions": [{"quote": m.quote, "correction": m.correction} for m in checklist.misconceptions],
    }


# --- write ------------------------------------------------------------------------------------

def _editor_command() -> tuple[list[str], str] | None:
    """$VISUAL, else $EDITOR, split as a shell would (`code --wait`); None if neither is set."""
    import os
    import shlex

    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError as exc:
                raise DltutorError(f"${name} is not a command dltutor can run ({exc}): {value!r}") from None
            if argv:
                return argv, name
    return None


class _Stop(Exception):
    """The terminal closed or dltutor was told to stop while the editor ran."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


def _run_editor(argv: list[str], path: Path) -> int:
    """Run the editor on `path` and wait; Ctrl-C belongs to the editor, a hang-up or TERM stops us (_Stop)."""
    import signal
    import subprocess

    def stop(signum: int, frame: Any) -> None:
        raise _Stop(signum)

    # A Python handler, not SIG_IGN: it is reset when the editor starts, so Ctrl-C still works there.
    saved = {sig: signal.signal(sig, handler) for sig, handler in
             ((signal.SIGINT, lambda s, f: None), (signal.SIGHUP, stop), (signal.SIGTERM, stop))}
    try:
        proc = subprocess.Popen([*argv, str(path)])
        return proc.wait()
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _type_in_terminal(term: Any, working: Any, draft: Any) -> None:
    """Line by line, each on disk before the next; a line with only "." (or Ctrl-D) ends it."""
    if draft is not None:
        term.say("What you type is added after your draft (use --editor to change what is written).", "dim")
    term.say('Type your essay. A line with only "." ends it (Ctrl-D too); every line is saved as you go.', "dim")
    while True:
        line = term.ask("")
        if line is None or line.strip() == ".":
            return
        working.append(line)


def _read_stdin(working: Any) -> None:
    """The whole of stdin is the essay (a script, `< draft.md`); it is kept as read."""
    from dltutor.study.essay import MAX_ESSAY_CHARS

    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(4 * MAX_ESSAY_CHARS + 1) if stream is not None else sys.stdin.read().encode("utf-8")
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    if len(text) > MAX_ESSAY_CHARS or len(data) > 4 * MAX_ESSAY_CHARS:
        working.remove()
        raise DltutorError(f"the essay on stdin is longer than the {MAX_ESSAY_CHARS:,} characters dltutor keeps; "
                           "nothing was saved")
    with working.path.open("a", encoding="utf-8") as fh:
        fh.write(text)


@app.command("write")
def write(
    lecture: LectureArg = None,
    number: PromptArg = None,
    editor: Annotated[Optional[bool], typer.Option(
        "--editor/--no-editor", help="Write in $VISUAL/$EDITOR (the default in a terminal), or type in the "
        "terminal. Without a terminal the essay is read from stdin.", show_default=False)] = None,
    done: Annotated[bool, typer.Option("--done", help="Mark the essay done once saved.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the saved version and its checklist as JSON.")]
    = False,
) -> None:
    """Write an essay: the next prompt you have not written, or the one you name."""
    import signal

    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal, held_interrupt
    from dltutor.study.wording import plain

    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    if number is not None and lecture_id is None:
        raise DltutorError("name the lecture before the prompt number, e.g. `dltutor essay lecture-3 2`")
    term = Terminal(out=sys.stderr if as_json else sys.stdout)
    command = _editor_command()
    use_editor = editor if editor is not None else (term.interactive and command is not None)
    if use_editor and command is None:
        raise DltutorError("--editor needs $VISUAL or $EDITOR to name your editor (e.g. export EDITOR=nano)")
    desk = _desk(course)
    if number is not None:
        ref = desk.ref(lecture_id, number) or _refs(desk, course, lecture, number, written=False)[0]
    else:
        ref = desk.next_prompt(lecture_id)
        if ref is None:
            where = f"lecture {course.lecture(lecture_id).number}" if lecture_id else "the course"
            first = next(r for r in desk.refs if lecture_id is None or r.lecture_id == lecture_id)
            term.say(f"Every essay of {where} is done. `{first.command}` opens one again; "
                     "`dltutor essay list` shows them all.")
            return
    latest = desk.latest(ref)
    term.say(f"{ref.label} · {ref.lecture.title}", "heading")
    term.para(plain(ref.prompt.prompt), "  ", "bold")
    if latest is not None:
        term.say(f"  Your draft so far: version {latest.number}, {latest.words:,} words.", "dim")

    origin = "editor" if use_editor else ("terminal" if term.interactive else "stdin")
    working = desk.open_working_file(ref, origin)
    failure = ""
    code = 0
    try:
        if use_editor:
            argv, name = command
            term.say(f"  Opening {argv[0]} (${name}); save and quit the editor to check your essay.", "dim")
            try:
                status = _run_editor(argv, working.path)
            except OSError as exc:
                working.remove()
                raise DltutorError(f"cannot run the editor {argv[0]!r} (${name}): {exc.strerror or exc}; fix "
                                   f"${name}, or use --no-editor to type in the terminal. Nothing was changed") \
                    from None
            if status != 0:
                how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
                failure = f"the editor {argv[0]} {how}"
        elif term.interactive:
            try:
                _type_in_terminal(term, working, latest)
            except KeyboardInterrupt:
                term.say("")
                failure, code = "stopped with Ctrl-C", 130
        else:
            _read_stdin(working)
    except _Stop as stop:
        failure, code = f"dltutor was stopped ({signal.Signals(stop.signum).name})", 128 + stop.signum
    with held_interrupt():
        saved = desk.finish(working)
    _after_save(term, desk, ref, saved, latest, failure=failure, done=done, as_json=as_json)
    if failure:
        where = (f"saved as version {saved.version.number}" if saved is not None else
                 "unchanged" if latest is not None else "empty: nothing to save")
        from dltutor.errors import say

        say(f"{failure}; your draft so far is {where} (`dltutor essay show {ref.lecture_id} {ref.number}` shows it)")
        raise typer.Exit(code or 2)


def _after_save(term: Any, desk: Any, ref: Any, saved: Any, latest: Any, *, failure: str, done: bool,
                as_json: bool) -> None:
    from dltutor.study.writing import stored_checklist

    term.say("")
    if saved is None:
        term.say("No change: nothing new to save." if latest is not None else "Nothing written: nothing saved.")
        version = latest
        checklist = stored_checklist(latest) if latest is not None else None
    else:
        version, checklist = saved.version, saved.checklist
        term.say(f"Saved as version {version.number} of {ref.label.lower()}.")
    if checklist is not None:
        _checklist_block(term, checklist)
    if version is not None and not failure:
        if not done and term.interactive and not as_json:
            answer = term.ask("Mark this essay done? [y/N] ")
            done = bool(answer) and answer.strip().lower() in ("y", "yes")
        if done:
            version = desk.mark_done(ref)
            term.say(f"Marked done. `dltutor essay export {ref.lecture_id} {ref.number}` writes it as Markdown.")
        elif version.done_at is None:
            term.say(f"Mark it done when it is finished: `dltutor essay done {ref.lecture_id} {ref.number}`.", "dim")
    if as_json:
        data: dict[str, Any] = {"lecture": ref.lecture_id, "prompt": ref.number, "saved": saved is not None,
                                "version": version.number if version else None,
                                "done": bool(version and version.done_at)}
        if checklist is not None:
            data.update(_checklist_json(checklist))
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


# --- list, show, done, export -------------------------------------------------------------------

@app.command("list")
def list_essays(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Every essay prompt with its status: not started, draft or done; words and key points addressed."""
    from dltutor.cli import _study

    course = _study.course()
    desk = _desk(course)
    states = desk.states()
    rows = []
    for ref in desk.refs:
        s = states.get(ref.key)
        rows.append((ref, s))
    if as_json:
        sys.stdout.write(json.dumps([{
            "lecture": ref.lecture_id, "prompt": ref.number, "text": ref.prompt.prompt, "status": _status(s),
            "versions": s.versions if s else 0, "words": s.words if s else 0,
            "key_points": len(ref.prompt.key_points), "addressed": s.addressed if s else 0,
            "contradicted": s.contradicted if s else 0,
            "saved_at": s.saved_at.isoformat() if s else None,
        } for ref, s in rows], ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, use_color, width
    from dltutor.study.wording import plain
    from dltutor.textsafe import clean_line

    styled = Styled(use_color())
    head = f"{'#':<5} {'status':<11} {'words':>7} {'points':>6}  "
    room = max(width() - len(head), 20)
    sys.stdout.write(styled.style(head + "prompt", "bold") + "\n")
    for ref, s in rows:
        prompt = clean_line(plain(ref.prompt.prompt))
        prompt = prompt if len(prompt) <= room else prompt[:room - 1].rstrip() + "…"
        points = f"{s.addressed}/{len(ref.prompt.key_points)}" if s else "-"
        line = f"{ref.lecture.number}.{ref.number:<3} {_status(s):<11} {f'{s.words:,}' if s else '-':>7} {points:>6}  "
        sys.stdout.write(line + prompt + "\n")
    done = sum(1 for _, s in rows if s and s.done)
    drafts = sum(1 for _, s in rows if s and not s.done)
    sys.stdout.write(f"{done} done, {drafts} in draft, {len(rows) - done - drafts} not started of {len(rows)}. "
                     "Write one: dltutor essay [LECTURE [N]]\n")


@app.command("show")
def show(
    lecture: Annotated[str, typer.Argument(metavar="LECTURE", help="The lecture: lecture-3, 3 or its name.")],
    number: PromptArg = None,
    version: Annotated[Optional[int], typer.Option("--version", "-v", min=1, help="An earlier version (1 is the "
                                                   "first).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """An essay: its prompt, its latest (or an earlier) version, the checklist and every version saved."""
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.study.writing import stored_checklist

    course = _study.course()
    desk = _desk(course)
    refs = _refs(desk, course, lecture, number, written=number is None)
    if not refs:
        lec = course.lecture(_study.lecture_id(course, lecture))
        raise DltutorError(f"no essay written yet for lecture {lec.number}; start one with "
                           f"`dltutor essay {lec.id}`")
    if version is not None and len(refs) > 1:
        raise DltutorError("--version needs one essay: name its prompt number too")
    out: list[dict[str, Any]] = []
    term = Terminal()
    for ref in refs:
        history = desk.versions(ref)
        if not history:
            raise DltutorError(f"nothing written yet for {ref.label.lower()}; start it with `{ref.command}`")
        if version is not None and version > len(history):
            raise DltutorError(f"{ref.label.lower()} has {len(history)} version{'s' * (len(history) != 1)}; "
                               f"there is no version {version}")
        shown = history[(version or len(history)) - 1]
        checklist = stored_checklist(shown)
        status = "done" if history[-1].done_at else "draft"
        if as_json:
            out.append({"lecture": ref.lecture_id, "prompt": ref.number, "prompt_text": ref.prompt.prompt,
                        "status": status, "version": shown.number, "text": shown.text,
                        "saved_at": shown.saved_at.isoformat(), **_checklist_json(checklist),
                        "versions": [{"version": v.number, "saved_at": v.saved_at.isoformat(), "words": v.words,
                                      "origin": v.origin, "addressed": v.addressed,
                                      "done": v.done_at is not None} for v in history]})
            continue
        _show_one(term, ref, shown, history, checklist, status)
    if as_json:
        sys.stdout.write(json.dumps(out[0] if number is not None else out, ensure_ascii=False, indent=2) + "\n")


def _show_one(term: Any, ref: Any, shown: Any, history: list[Any], checklist: Any, status: str) -> None:
    from dltutor.study.wording import plain

    term.say(f"{ref.label} · {ref.lecture.title} · {status}", "heading")
    term.para(plain(ref.prompt.prompt), "  ", "bold")
    term.say("")
    term.say(f"Version {shown.number} of {len(history)}, saved {shown.saved_at.astimezone():%Y-%m-%d %H:%M}"
             f"{' (marked done)' if shown.done_at else ''}", "dim")
    term.para(shown.text.rstrip() or "(empty)", "  ")
    term.say("")
    _checklist_block(term, checklist)
    if len(history) > 1:
        term.say("")
        term.say("Versions: " + " · ".join(f"{v.number} ({v.words:,} words, {v.saved_at.astimezone():%d %b %H:%M})"
                                            for v in history), "dim")


@app.command("done")
def done(
    lecture: Annotated[str, typer.Argument(metavar="LECTURE", help="The lecture: lecture-3, 3 or its name.")],
    number: PromptArg = None,
    undo: Annotated[bool, typer.Option("--undo", help="Mark it not done again.")] = False,
) -> None:
    """Mark an essay done: its latest version is the one that counts."""
    from dltutor.cli import _study

    course = _study.course()
    desk = _desk(course)
    refs = _refs(desk, course, lecture, number, written=True)
    if number is None and len(refs) != 1:
        lec = course.lecture(_study.lecture_id(course, lecture))
        if not refs:
            raise DltutorError(f"no essay written yet for lecture {lec.number}; start one with `dltutor essay {lec.id}`")
        raise DltutorError(f"lecture {lec.number} has {len(refs)} essays; name one: "
                           f"`dltutor essay done {lec.id} {refs[0].number}`")
    ref = refs[0]
    version = desk.mark_done(ref, not undo)
    if undo:
        sys.stdout.write(f"{ref.label} is a draft again.\n")
    else:
        sys.stdout.write(f"Marked {ref.label.lower()} done (version {version.number}, {version.words:,} words, "
                         f"{version.addressed} of {version.key_points} key points addressed).\n")


@app.command("export")
def export(
    lecture: LectureArg = None,
    number: PromptArg = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.",
                                                   show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Essays as Markdown: the prompt, the final draft and its checklist (all essays written, without LECTURE)."""
    from dltutor.cli import _study
    from dltutor.study.essay import essay_markdown
    from dltutor.study.writing import stored_checklist

    if output is not None:
        from dltutor.export import check_target

        check_target(output, force=force)
    course = _study.course()
    desk = _desk(course)
    refs = _refs(desk, course, lecture, number, written=True)
    parts = []
    for ref in refs:
        history = desk.versions(ref)
        if not history:
            raise DltutorError(f"nothing written yet for {ref.label.lower()}; start it with `{ref.command}`")
        chosen = history[-1]  # the final draft: the version marked done is always the latest
        status = "Done" if chosen.done_at else "Draft"
        parts.append(essay_markdown(ref, chosen.text, stored_checklist(chosen), status=status,
                                    version=chosen.number, saved=f"{chosen.saved_at:%Y-%m-%d}"))
    if not parts:
        raise DltutorError("no essays written yet; start one with `dltutor essay`")
    text = "\n".join(parts)
    if output is None:
        from dltutor.textsafe import clean_text

        sys.stdout.write(clean_text(text))
        return
    from dltutor.export import write_file

    write_file(output, lambda fh: fh.write(text.encode("utf-8")))
    sys.stdout.write(f"Wrote {len(parts)} essay{'s' * (len(parts) != 1)} to {output}.\n")
