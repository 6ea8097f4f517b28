"""`dltutor exercise ...`: coding exercises in a workspace of stub files, checked against torch.

`init` writes the workspace; `list`, `check`, `watch`, `hint`, `solution` and `reset` find it by
walking up from the current folder to its marker file (or take `--dir`). Only `check` and
`watch` start the checker process, which is where torch is imported: `list` and `hint` never
import it (nor does this module).
"""

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError

app = typer.Typer(
    help="Coding exercises checked against torch: write the course's functions yourself "
    "(BTU to attention). Start with `dltutor exercise init`.",
    no_args_is_help=True,
)

Dir = Annotated[Optional[Path], typer.Option("--dir", help="The workspace (default: found from the current folder up).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Name = Annotated[Optional[str], typer.Argument(help="An exercise: its name, number or file (default: the current one).",
                                               show_default=False)]
TimeLimit = Annotated[float, typer.Option("--time-limit", help="Seconds the checks of one exercise may take.")]


def _exercise(name: str) -> Any:
    import difflib

    from dltutor.exercises.registry import find_exercise, names
    from dltutor.textsafe import clean_line

    info = find_exercise(name)
    if info is None:
        close = difflib.get_close_matches(name.strip().lower().replace("_", "-"), names(), n=2, cutoff=0.6)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise DltutorError(f"no exercise named {clean_line(name)!r}{hint}; `dltutor exercise list` shows them")
    return info


def _pick(workspace: Any, name: Optional[str]) -> Any:
    return _exercise(name) if name else workspace.current()


def _styled(stream: Any = None) -> Any:
    from dltutor.render.fast import Styled, use_color

    return Styled(use_color(stream))


def _write(lines: list[str]) -> None:
    from dltutor.textsafe import clean_text

    sys.stdout.write("".join(clean_text(line) + "\n" for line in lines))
    sys.stdout.flush()


# --- what a check says ---
def verdict_lines(info: Any, result: Any, styled: Any, columns: int) -> list[str]:
    from dltutor.exercises.wording import verdict
    from dltutor.render.fast import wrap

    v = verdict(info, result)
    if v.passed:
        head = styled.style("✓ passed", "green")
        lines = [f"{head} {styled.style(info.name, 'bold')}  {v.diagnosis}  ({result.seconds:.2f} s)"]
    else:
        head = styled.style("✗ " + v.label, "red")
        lines = [f"{head}  {styled.style(info.name, 'bold')} · {info.file}"]
        lines += wrap(v.diagnosis, columns, "  ")
        if v.traceback:
            lines += ["    " + line for line in v.traceback.splitlines()]
        if v.hint:
            lines += wrap("Hint: " + v.hint, columns, "  ")
    if v.output.strip():
        lines.append(styled.style("  Your code printed:", "dim"))
        lines += ["    " + line for line in v.output.rstrip().splitlines()[:20]]
    return lines


def verdict_json(info: Any, workspace: Any, result: Any) -> dict[str, Any]:
    from dltutor.exercises.wording import verdict

    v = verdict(info, result)
    data: dict[str, Any] = {"name": info.name, "file": info.file, "passed": v.passed}
    if not v.passed:
        data.update(diagnosis=v.diagnosis, hint=v.hint, kind=v.kind, label=v.label)
        if result.slip:
            data["slip"] = result.slip
        if v.traceback:
            data["traceback"] = v.traceback
        data["details"] = {k: getattr(result, k) for k in ("call", "what", "expected", "got", "factor", "oracle")
                           if getattr(result, k) is not None}
        data["tries"] = workspace.state(info).tries
    else:
        data.update(calls=result.calls)
    data["seconds"] = result.seconds
    if v.output:
        data["output"] = v.output
    return data


STATUS = {"passed": "✓ passed", "failing": "✗ failing", "edited": "… edited", "new": "· new", "missing": "! missing"}


# --- commands ---
@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write the workspace.")] = Path("dltutor-exercises"),
    force: Annotated[bool, typer.Option("--force", help="Replace files you changed with fresh stubs.")] = False,
) -> None:
    """Write a workspace: one stub file per exercise, a README, and the progress file."""
    from dltutor.exercises.registry import EXERCISES
    from dltutor.exercises.workspace import init as make

    report = make(directory, force=force)
    styled = _styled()
    lines = [f"Exercises workspace: {report.root}"]
    if report.written:
        lines.append(f"  wrote {len(report.written)} file(s): {EXERCISES[0].file} … {EXERCISES[-1].file}, README.md"
                     if len(report.written) > 3 else f"  wrote {', '.join(report.written)}")
    if report.replaced:
        lines.append(f"  replaced {len(report.replaced)} of your file(s) with fresh stubs: {', '.join(report.replaced)}")
    if not report.written and not report.replaced:
        lines.append("  already up to date: nothing to write")
    lines += ["", f"Open {EXERCISES[0].file} in your editor, then:",
              styled.style(f"  cd {directory} && dltutor exercise watch", "bold"),
              "Each save is checked against torch; `dltutor exercise list` shows your progress."]
    _write(lines)


@app.command("list")
def list_exercises(directory: Dir = None, as_json: AsJson = False) -> None:
    """Every exercise in course order with its lecture, file and progress."""
    from dltutor.exercises.registry import EXERCISES

    workspace = open_ws(directory)
    current = workspace.current()
    if as_json:
        data = [{"name": ex.name, "number": ex.number, "title": ex.title, "lecture": ex.lecture, "file": ex.file,
                 "passed": workspace.passed(ex), "status": workspace.status(ex),
                 "tries": workspace.state(ex).tries, "hints": workspace.state(ex).hints,
                 "current": ex is current} for ex in EXERCISES]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import table

    styled = _styled()
    rows = [[("▶ " if ex is current else "  ") + ex.name, ex.lecture.removeprefix("lecture-"), ex.file,
             STATUS[workspace.status(ex)]] for ex in EXERCISES]
    done = sum(workspace.passed(ex) for ex in EXERCISES)
    sys.stdout.write(f"Exercises: {done} of {len(EXERCISES)} passed · {workspace.root}\n")
    sys.stdout.write(table(["exercise", "lecture", "file", "status"], rows, styled=styled))
    if done < len(EXERCISES):
        sys.stdout.write(f"Current: {current.name}. Next: dltutor exercise watch (or hint {current.name})\n")
    else:
        sys.stdout.write("All passed. `dltutor exercise solution NAME` shows the reference solutions to compare.\n")


@app.command()
def check(
    name: Name = None,
    every: Annotated[bool, typer.Option("--all", help="Check every exercise, in course order.")] = False,
    directory: Dir = None, as_json: AsJson = False, time_limit: TimeLimit = 10.0,
) -> None:
    """Check an exercise against torch (exit status 0 when it passes, 1 when not)."""
    from dltutor.exercises.registry import EXERCISES
    from dltutor.exercises.runner import Checker
    from dltutor.render.fast import width

    workspace = open_ws(directory)
    if every and name:
        raise DltutorError("give an exercise or --all, not both")
    chosen = list(EXERCISES) if every else [_pick(workspace, name)]
    for info in chosen:
        if not workspace.path(info).is_file():
            raise DltutorError(f"{info.file} is missing from {workspace.root}; "
                               f"`dltutor exercise reset {info.name}` writes its stub again")
    results = []
    with Checker(time_limit=time_limit) as checker:
        styled, columns = _styled(), width()
        for info in chosen:
            result = checker.check(info, workspace.path(info))
            workspace.record(result)
            results.append(result)
            if as_json:
                continue
            if every:
                v = "✓" if result.passed else "✗"
                from dltutor.exercises.wording import verdict

                _write([f"{v} {info.number:>2} {info.name:<20} {verdict(info, result).label}"])
            else:
                _write(verdict_lines(info, result, styled, columns))
    if not every and not results[0].passed:
        workspace.set_current(chosen[0])
    if as_json:
        data = [verdict_json(info, workspace, r) for info, r in zip(chosen, results)]
        sys.stdout.write(json.dumps(data if every else data[0], ensure_ascii=False, indent=2) + "\n")
    elif every:
        _write([f"{sum(r.passed for r in results)} of {len(results)} passed."])
    raise typer.Exit(0 if all(r.passed for r in results) else 1)


@app.command()
def hint(name: Name = None, directory: Dir = None, as_json: AsJson = False) -> None:
    """The next hint: a nudge, then the lecture and glossary, the formula, then a diagnosis of your code."""
    from dltutor.exercises.wording import TIERS

    workspace = open_ws(directory)
    info = _pick(workspace, name)
    tier, lines = next_hint(workspace, info)
    if as_json:
        sys.stdout.write(json.dumps({"name": info.name, "tier": tier, "of": len(TIERS), "about": TIERS[tier - 1],
                                     "lines": lines}, ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import width, wrap

    styled, columns = _styled(), width()
    titles = {"nudge": "a nudge", "lecture": "the lecture and glossary", "formula": "the formula",
              "diagnosis": "what your code does"}
    out = [styled.style(f"Hint {tier} of {len(TIERS)} for {info.name}: {titles[TIERS[tier - 1]]}", "bold")]
    for line in lines:
        out += [line] if line.startswith("    ") else wrap(line, columns, "  ")
    if tier < len(TIERS):
        out.append(styled.style(f"Again for {titles[TIERS[tier]]}: dltutor exercise hint {info.name}", "dim"))
    else:
        out.append(styled.style(f"That is the last hint; it follows your latest check. "
                                f"`dltutor exercise solution {info.name}` once you pass.", "dim"))
    _write(out)


def next_hint(workspace: Any, info: Any) -> tuple[int, list[str]]:
    from dltutor.course.load import load_course
    from dltutor.exercises.wording import next_hint as step

    return step(workspace, info, load_course())


def open_ws(directory: Optional[Path]) -> Any:
    from dltutor.exercises.workspace import open_workspace

    return open_workspace(directory)


@app.command()
def solution(name: Name = None, directory: Dir = None) -> None:
    """The reference solution: once the exercise has passed, or after several failed checks (with a warning)."""
    workspace = open_ws(directory)
    info = _pick(workspace, name)
    allowed, why = workspace.solution_allowed(info)
    if not allowed:
        raise DltutorError(why)
    if why:
        sys.stderr.write(f"dltutor: warning: {why}\n")
    sys.stdout.write(info.source("solution"))


@app.command()
def reset(name: Annotated[str, typer.Argument(help="The exercise to start again.", show_default=False)],
          directory: Dir = None) -> None:
    """Put the stub back in place of your file (yours is kept in .dltutor-reset/) and restart its progress."""
    workspace = open_ws(directory)
    info = _exercise(name)
    kept = workspace.reset(info)
    lines = [f"{info.name}: {info.file} is the stub again."]
    if kept is not None:
        lines.append(f"Your version is in {kept.relative_to(workspace.root)}.")
    _write(lines)


@app.command()
def watch(name: Name = None, directory: Dir = None, time_limit: TimeLimit = 10.0) -> None:
    """Check the current exercise each time you save it, and move on to the next when it passes."""
    from dltutor.exercises.runner import Checker
    from dltutor.exercises.watch import POLL, Watch

    workspace = open_ws(directory)
    info = _pick(workspace, name)
    with Checker(time_limit=time_limit) as checker:
        session = WatchScreen(workspace, Watch(workspace, checker, info))
        session.run(POLL)


class WatchScreen:
    """The terminal side of watch mode: draws each event; in a terminal, reads single keys."""

    KEYS = "h hint · c check again · n next exercise · l list · q quit"

    def __init__(self, workspace: Any, session: Any) -> None:
        from dltutor.render.fast import width

        self.workspace = workspace
        self.session = session
        self.styled = _styled()
        self.columns = width()
        self.tty = sys.stdin.isatty() and sys.stdout.isatty()
        self.last: list[str] = []
        self.passed = False

    def header(self) -> list[str]:
        from dltutor.exercises.registry import EXERCISES

        info = self.session.exercise
        done = sum(self.workspace.passed(ex) for ex in EXERCISES)
        return [self.styled.style(f"Exercise {info.number}/{len(EXERCISES)}: {info.title} ({info.name}, "
                                  f"{info.lecture})", "bold"),
                f"Edit {self.workspace.path(info)} and save: it is checked each time.  {done} of "
                f"{len(EXERCISES)} passed."]

    def show(self, events: list[Any]) -> None:
        for event in events:
            info = event.exercise
            if event.kind == "result":
                self.last = verdict_lines(info, event.result, self.styled, self.columns)
                self.passed = event.result.passed
                self.draw()
            elif event.kind == "moved":
                kept = self.last[:1] if self.passed else []  # the pass that moved on stays in view
                self.passed = False
                self.last = kept + [self.styled.style(f"→ on to {info.name}: {info.title}", "bold"),
                             f"  {info.file} is still the stub: replace its TODO and save."]
                self.draw()
            elif event.kind == "missing":
                self.last = [f"{info.file} is missing: `dltutor exercise reset {info.name}` writes its stub again."]
                self.draw()
            elif event.kind == "done":
                _write(["", self.styled.style("All exercises passed. Well done!", "bold"),
                        "`dltutor exercise solution NAME` shows each reference solution to compare with yours."])

    def draw(self) -> None:
        prefix = "\x1b[H\x1b[2J" if self.tty else "\n"
        sys.stdout.write(prefix)
        _write(self.header() + [""] + self.last + ([""] + [self.styled.style(self.KEYS, "dim")] if self.tty else []))

    def run(self, poll: float) -> None:
        import time

        with _keys(self.tty) as read_key:
            self.show(self.session.start())
            while not self.session.finished:
                key = read_key(poll) if self.tty else (time.sleep(poll) or None)
                if key in ("q", "\x04"):
                    break
                if key == "h":
                    self.hint()
                elif key == "c":
                    self.show(self.session.check())
                elif key == "n":
                    nxt = self.workspace.next_after(self.session.exercise)
                    if nxt is not None and nxt is not self.session.exercise:
                        self.show(self.session.switch(nxt))
                elif key == "l":
                    self.listing()
                self.show(self.session.poll())

    def hint(self) -> None:
        from dltutor.exercises.wording import TIERS
        from dltutor.render.fast import wrap

        tier, lines = next_hint(self.workspace, self.session.exercise)
        self.last = self.last + ["", self.styled.style(f"Hint {tier} of {len(TIERS)}:", "bold")]
        for line in lines:
            self.last += [line] if line.startswith("    ") else wrap(line, self.columns, "  ")
        self.draw()

    def listing(self) -> None:
        from dltutor.exercises.registry import EXERCISES

        self.last = self.last + [""] + [f"  {STATUS[self.workspace.status(ex)]:<10} {ex.file}" for ex in EXERCISES]
        self.draw()


class _keys:
    """Single key presses from a terminal in cbreak mode (restored on exit); a no-op elsewhere."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.saved: Any = None

    def __enter__(self) -> Any:
        if self.tty:
            try:
                import termios
                import tty

                self.saved = termios.tcgetattr(sys.stdin.fileno())
                tty.setcbreak(sys.stdin.fileno())
            except (ImportError, OSError):
                self.saved = None
        return self.read

    def read(self, timeout: float) -> Optional[str]:
        import select

        try:
            ready, _, _ = select.select([sys.stdin], [], [], timeout)
        except (OSError, ValueError):
            return None
        if not ready:
            return None
        char = sys.stdin.read(1)
        return char if char else "\x04"

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self.saved)
