"""The learner's exercises workspace: the stub files, and the progress file that marks the folder.

A workspace is a folder holding one file per exercise (`09_conv_output_size.py`), a README,
and `.dltutor-exercises.json`: the marker that commands find by walking up from the current
folder, and the record of progress. Progress lives here, not in dltutor's database, because
it is about these files: whether the file as it is now passed its checks (by its sha256), how
many checks failed, how many hints were shown. A second workspace starts afresh; deleting the
folder forgets it. Every change is written to a temporary file, flushed to disk and renamed
over the old one, so a killed process leaves the old record or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dltutor.errors import DltutorError
from dltutor.exercises.registry import EXERCISES, ExerciseInfo, find_exercise, names
from dltutor.exercises.runner import CheckResult, digest

MARKER = ".dltutor-exercises.json"
RESET_DIR = ".dltutor-reset"  # the learner's file as it was before `reset`, just in case
FORMAT = 1
DEFAULT_DIR = "dltutor-exercises"
SOLUTION_AFTER = 5  # failed checks after which `solution` shows the answer, with a warning

README = """\
# dltutor exercises

One file per exercise, in course order. Open the first, replace its TODO with your code, and
let dltutor check it against torch each time you save:

    dltutor exercise watch

Or one at a time:

    dltutor exercise list                 your progress
    dltutor exercise check softmax        check one exercise (--json for scripts)
    dltutor exercise hint softmax         the next hint: a nudge, the lecture, the formula, a diagnosis
    dltutor exercise solution softmax     the reference solution, once you have passed
    dltutor exercise reset softmax        start the exercise again from its stub

{marker} records your progress; leave it in place.
"""


class WorkspaceError(DltutorError):
    pass


@dataclass
class ExerciseState:
    passed: bool = False  # the last check passed...
    digest: str = ""  # ...on the file with this sha256
    solved: bool = False  # some check of this exercise ever passed
    tries: int = 0  # failed checks
    hints: int = 0  # hint tiers shown
    last: dict[str, Any] | None = None  # the last check's result

    @classmethod
    def from_json(cls, data: Any) -> ExerciseState:
        if not isinstance(data, dict):
            return cls()
        return cls(passed=bool(data.get("passed")), digest=str(data.get("digest") or ""),
                   solved=bool(data.get("solved")), tries=_int(data.get("tries")), hints=_int(data.get("hints")),
                   last=data.get("last") if isinstance(data.get("last"), dict) else None)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


@dataclass
class Workspace:
    root: Path
    current_name: str | None = None
    states: dict[str, ExerciseState] = field(default_factory=dict)

    # --- files ---
    def path(self, info: ExerciseInfo) -> Path:
        return self.root / info.file

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    def state(self, info: ExerciseInfo) -> ExerciseState:
        return self.states.setdefault(info.name, ExerciseState())

    def file_digest(self, info: ExerciseInfo) -> str | None:
        try:
            return digest(self.path(info).read_bytes())
        except OSError:
            return None

    def status(self, info: ExerciseInfo) -> str:
        """passed, failing, edited (changed since its last check), new (never checked) or missing."""
        state = self.state(info)
        now = self.file_digest(info)
        if now is None:
            return "missing"
        if state.last is None:
            return "new"
        if now != state.digest:
            return "edited"
        return "passed" if state.passed else "failing"

    def passed(self, info: ExerciseInfo) -> bool:
        """The file as it is now passed its checks."""
        return self.status(info) == "passed"

    # --- which exercise is current ---
    def current(self) -> ExerciseInfo:
        """The exercise being worked on: the one last chosen, unless it passed; else the first not passed."""
        chosen = find_exercise(self.current_name) if self.current_name else None
        if chosen is not None and not self.passed(chosen):
            return chosen
        return self.next_after(chosen) or chosen or EXERCISES[0]

    def next_after(self, info: ExerciseInfo | None) -> ExerciseInfo | None:
        """The first exercise not passed after `info` in course order, wrapping round; None if all pass."""
        start = info.number if info is not None else 0
        order = list(EXERCISES[start:]) + list(EXERCISES[:start])
        return next((ex for ex in order if not self.passed(ex)), None)

    def set_current(self, info: ExerciseInfo) -> None:
        if self.current_name != info.name:
            self.current_name = info.name
            self.save()

    # --- recording ---
    def record(self, result: CheckResult) -> ExerciseState:
        """A check's result, written to disk before it is shown."""
        state = self.state(find_exercise(result.name))  # type: ignore[arg-type]
        state.passed = result.passed
        state.digest = result.digest
        state.solved = state.solved or result.passed
        if not result.passed and result.kind not in ("internal", "todo"):  # a stub is no try
            state.tries += 1
        state.last = {k: v for k, v in result.to_json().items() if k not in ("name", "output", "digest")}
        self.save()
        return state

    def next_hint(self, info: ExerciseInfo, tiers: int) -> int:
        """Show one more hint tier (at most `tiers`); the tier number to show, from 1."""
        state = self.state(info)
        state.hints = min(state.hints + 1, tiers)
        self.save()
        return state.hints

    def solution_allowed(self, info: ExerciseInfo) -> tuple[bool, str]:
        """Whether the reference solution may be shown, and what to say: a refusal or a warning."""
        state = self.state(info)
        if state.solved:
            return True, ""
        if state.tries < SOLUTION_AFTER:
            return False, (f"{info.name} has not passed yet: its solution opens when it passes, or after "
                           f"{SOLUTION_AFTER} failed checks ({state.tries} so far); "
                           f"`dltutor exercise hint {info.name}` helps meanwhile")
        return True, (f"{info.name} has not passed yet; here is the reference solution after {state.tries} failed "
                      "checks. Reading it before solving teaches less: try once more first.")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "about": "dltutor's record of this exercises workspace; `dltutor exercise list` shows it",
            "current": self.current_name,
            "exercises": {name: {"passed": s.passed, "digest": s.digest, "solved": s.solved, "tries": s.tries,
                                 "hints": s.hints, "last": s.last}
                          for name, s in self.states.items() if name in names()},
        }

    def save(self) -> None:
        write_atomic(self.marker, json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n")

    # --- resetting ---
    def reset(self, info: ExerciseInfo) -> Path | None:
        """The stub over the learner's file; their version is kept in .dltutor-reset/ (returned)."""
        target = self.path(info)
        kept = None
        try:
            mine = target.read_bytes()
        except FileNotFoundError:
            mine = None
        stub = info.source("stub").encode("utf-8")
        if mine is not None and mine != stub:
            kept = self.root / RESET_DIR / info.file
            kept.parent.mkdir(exist_ok=True)
            write_atomic(kept, mine)
        write_atomic(target, stub)
        state = self.state(info)
        solved = state.solved
        self.states[info.name] = ExerciseState(solved=solved)
        self.save()
        return kept


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # the rename itself, on file systems that need the folder flushed too
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


# --- finding and opening ---
def load(root: Path) -> Workspace:
    marker = root / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkspaceError(f"{root} is not an exercises workspace (no {MARKER}); "
                             "`dltutor exercise init` makes one") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WorkspaceError(f"cannot read {marker}: {exc}; move it aside and run "
                             f"`dltutor exercise init {root}` to start its progress afresh") from None
    if not isinstance(data, dict) or not isinstance(data.get("exercises", {}), dict):
        raise WorkspaceError(f"{marker} is not a dltutor progress file; move it aside and run "
                             f"`dltutor exercise init {root}`")
    if isinstance(data.get("format"), int) and data["format"] > FORMAT:
        raise WorkspaceError(f"{marker} was written by a newer dltutor (format {data['format']}); "
                             "upgrade dltutor to use it")
    current = data.get("current") if isinstance(data.get("current"), str) else None
    states = {name: ExerciseState.from_json(s) for name, s in data.get("exercises", {}).items() if name in names()}
    return Workspace(root=root, current_name=current, states=states)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding the marker."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def open_workspace(directory: Path | None = None) -> Workspace:
    """The workspace at or above `directory` (default: the current folder), or a one-line error."""
    start = directory if directory is not None else Path.cwd()
    if directory is not None and not directory.exists():
        raise WorkspaceError(f"no folder {directory}")
    root = find_root(start)
    if root is None:
        where = f"in {start} or above it" if directory is not None else "here or in any folder above"
        known = remembered()
        tip = (f"; yours is {known}: cd there or pass --dir {known}" if known is not None and known.exists()
               else "; `dltutor exercise init` makes one, --dir names one")
        raise WorkspaceError(f"no exercises workspace {where}{tip}")
    remember(root)
    return load(root)


# --- the last workspace used, so the app (started anywhere) can find it ---
def _memo() -> Path:
    from dltutor.paths import data_dir

    return data_dir() / "exercise-workspace.txt"


def remember(root: Path) -> None:
    memo = _memo()
    try:
        if memo.is_file() and memo.read_text(encoding="utf-8").strip() == str(root):
            return
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(memo, str(root) + "\n")
    except OSError:
        pass  # a convenience for the app; never a reason to fail a command


def remembered() -> Path | None:
    try:
        text = _memo().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def discover(start: Path | None = None) -> Workspace | None:
    """For the app: the workspace at or above `start`, else the one used last, else None."""
    root = find_root(start or Path.cwd())
    if root is None:
        known = remembered()
        root = known if known is not None and (known / MARKER).is_file() else None
    if root is None:
        return None
    try:
        return load(root)
    except WorkspaceError:
        return None


# --- making one ---
@dataclass
class InitReport:
    root: Path
    written: list[str]
    unchanged: list[str]
    replaced: list[str]


def planned_files() -> dict[str, bytes]:
    files = {ex.file: ex.source("stub").encode("utf-8") for ex in EXERCISES}
    files["README.md"] = README.format(marker=MARKER).encode("utf-8")
    return files


def init(directory: Path, *, force: bool = False) -> InitReport:
    """Write the stubs, README and marker into `directory` (made if needed).

    A file already there with other content is the learner's: without `force` nothing at all is
    written and WorkspaceError names the files; with it they are replaced and progress restarts.
    """
    if directory.exists() and not directory.is_dir():
        raise WorkspaceError(f"{directory} is a file, not a folder")
    files = planned_files()
    existing: dict[str, bytes | None] = {}
    for name in files:
        try:
            existing[name] = (directory / name).read_bytes()
        except FileNotFoundError:
            existing[name] = None
        except IsADirectoryError:
            raise WorkspaceError(f"{directory / name} is a folder; move it aside first") from None
        except OSError as exc:
            raise WorkspaceError(f"cannot read {directory / name}: {exc.strerror}") from None
    # The README is dltutor's own text: an edited one is left alone, never a reason to refuse.
    differ = [n for n, data in files.items() if existing[n] is not None and existing[n] != data and n != "README.md"]
    if differ and not force:
        shown = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
        raise WorkspaceError(f"{directory} already holds your work ({shown}); nothing was written. "
                             "--force replaces those files with fresh stubs (and restarts their progress); "
                             "`dltutor exercise reset NAME` restores one")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            if existing[name] is None or (name in differ and force):
                write_atomic(directory / name, data)
        marker = directory / MARKER
        try:
            workspace = load(directory.resolve()) if marker.is_file() else None
        except WorkspaceError:
            if not force:
                raise
            workspace = None  # --force: a damaged record is replaced
        if workspace is None:
            Workspace(root=directory.resolve()).save()
        elif differ:
            for ex in EXERCISES:
                if ex.file in differ:
                    workspace.states[ex.name] = ExerciseState(solved=workspace.state(ex).solved)
            workspace.save()
    except OSError as exc:
        raise WorkspaceError(f"cannot write the workspace in {directory}: {exc.strerror or exc}") from None
    remember(directory.resolve())
    written = [n for n in files if existing[n] is None]
    return InitReport(root=directory.resolve(), written=written,
                      unchanged=[n for n in files if existing[n] == files[n]], replaced=differ)
