"""Writing essays so that nothing typed is lost: working files beside the database, versions in it.

While an essay is being written (in `$VISUAL`/`$EDITOR`, line by line on the terminal, or in the
app's text area) the text lives in a working file in the data directory, `essays/`, named after
the essay and the process writing it. What reaches that file survives a crashed editor, a
killed dltutor or a closed terminal: the next essay command (or the app) finds working files
whose process is gone and saves each as a version of its essay. A finished session saves its
text as a new version (every version is kept) and removes its working file.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dltutor.errors import DltutorError
from dltutor.store import essays as rows
from dltutor.study.essay import (
    MAX_ESSAY_CHARS, STATUSES, Checklist, EssayRef, MisconceptionCheck, PointCheck, all_prompts, check_essay, checked_part, editor_text,
    essay_from_file, next_prompt,
)

if TYPE_CHECKING:
    from dltutor.course.model import Course

FOLDER = "essays"
_NAME = re.compile(r"^(lecture-\d+)-essay-(\d+)\.(\d+)\.(editor|terminal|stdin|app)\.md$")
_OURS: set[Path] = set()  # working files this process made: never "recovered" from under itself


def _default_clock() -> datetime:
    from dltutor.clock import now

    return now()


def working_folder() -> Path:
    from dltutor.paths import data_dir

    return data_dir() / FOLDER


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class WorkingFile:
    """The file an essay is typed into, kept until its text is saved as a version."""

    path: Path
    ref: EssayRef
    origin: str

    def read(self) -> str:
        """The essay in the file (our comment dropped); undecodable bytes replaced, never fatal."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ""
        return essay_from_file(raw.decode("utf-8", "replace"))

    def append(self, line: str) -> None:
        """One more line typed on the terminal, on disk before the next is read."""
        with self.path.open("a", encoding="utf-8", errors="replace") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def replace(self, text: str) -> None:
        """The whole text (the app's autosave): written beside, then renamed over, so never half a file."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8", errors="replace") as fh:
            fh.write(editor_text(self.ref, text))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def remove(self) -> None:
        _OURS.discard(self.path)
        self.path.unlink(missing_ok=True)
        self.path.with_name(self.path.name + ".tmp").unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Saved:
    version: rows.EssayVersion
    checklist: Checklist


@dataclass(frozen=True, slots=True)
class Recovered:
    ref: EssayRef
    saved: Saved | None  # None: the file held nothing new
    path: Path


MISCONCEPTION = "misconception"  # a stored checklist entry for a misconception stated: point = its correction


def stored_points(checklist: Checklist) -> list[rows.StoredPoint]:
    """The checklist as a version keeps it: each key point, then each misconception stated."""
    return [*(rows.StoredPoint(p.point, p.status, p.quote) for p in checklist.points),
            *(rows.StoredPoint(m.correction, MISCONCEPTION, m.quote) for m in checklist.misconceptions)]


def stored_checklist(version: rows.EssayVersion) -> Checklist:
    """The checklist as saved with a version."""
    points = tuple(PointCheck(p.point, p.status if p.status in STATUSES else "missing", p.quote)
                   for p in version.checklist if p.status != MISCONCEPTION)
    stated = tuple(MisconceptionCheck(p.quote, p.point) for p in version.checklist if p.status == MISCONCEPTION)
    return Checklist(points, version.words, len(checked_part(version.text)), len(version.text), stated)


class EssayDesk:
    """The essays of one learner: prompts, versions, working files. Both front ends use this one class."""

    def __init__(self, conn: sqlite3.Connection, course: Course, *, folder: Path | None = None,
                 clock: Callable[[], datetime] = _default_clock) -> None:
        self.conn, self.course, self.clock = conn, course, clock
        self.folder = folder if folder is not None else working_folder()
        self.refs = all_prompts(course)

    # --- which essay ---
    def states(self) -> dict[tuple[str, int], rows.EssayState]:
        return rows.states(self.conn)

    def next_prompt(self, lecture_id: str | None = None) -> EssayRef | None:
        states = self.states()
        refs = [r for r in self.refs if lecture_id is None or r.lecture_id == lecture_id]
        return next_prompt(refs, states, {k: s.done for k, s in states.items()})

    def ref(self, lecture_id: str, number: int) -> EssayRef | None:
        return next((r for r in self.refs if r.key == (lecture_id, number)), None)

    def latest(self, ref: EssayRef) -> rows.EssayVersion | None:
        return rows.latest(self.conn, ref.lecture_id, ref.number)

    def versions(self, ref: EssayRef) -> list[rows.EssayVersion]:
        return rows.versions(self.conn, ref.lecture_id, ref.number)

    # --- writing ---
    def open_working_file(self, ref: EssayRef, origin: str) -> WorkingFile:
        """A new working file holding the prompt (as a comment) and the latest draft, ready to edit.

        From stdin the essay is the whole text given, so it starts empty; on the terminal, where
        lines can only be added, what is typed goes after the draft.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{ref.lecture_id}-essay-{ref.number}.{os.getpid()}.{origin}.md"
            latest = self.latest(ref) if origin != "stdin" else None
            with path.open("w", encoding="utf-8") as fh:
                fh.write(editor_text(ref, latest.text if latest else ""))
                if origin == "terminal" and latest is not None and not latest.text.endswith("\n"):
                    fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            _fsync_dir(self.folder)
        except OSError as exc:
            raise DltutorError(f"cannot write the essay's working file in {self.folder} "
                               f"({exc.strerror or exc}); nothing was changed") from None
        _OURS.add(path)
        return WorkingFile(path, ref, origin)

    def save(self, ref: EssayRef, text: str, origin: str, *, where: Path | None = None) -> Saved | None:
        """Save `text` as a new version with its checklist; None if it is empty or the same as the latest."""
        if len(text) > MAX_ESSAY_CHARS:
            kept = f"; your text is kept in {where}" if where is not None else ""
            raise DltutorError(f"the essay is {len(text):,} characters, more than the {MAX_ESSAY_CHARS:,} "
                               f"dltutor keeps{kept}")
        latest = self.latest(ref)
        if not text.strip() or (latest is not None and latest.text == text):
            return None
        checklist = check_essay(text, ref.prompt)
        version = rows.save_version(
            self.conn, ref.lecture_id, ref.number, text, words=checklist.words,
            checklist=stored_points(checklist), origin=origin,
            now=self.clock())
        return Saved(version, checklist)

    def finish(self, working: WorkingFile) -> Saved | None:
        """Save what the working file holds, then remove it (only once it is saved)."""
        saved = self.save(working.ref, working.read(), working.origin, where=working.path)
        working.remove()
        return saved

    def mark_done(self, ref: EssayRef, done: bool = True) -> rows.EssayVersion:
        latest = self.latest(ref)
        if latest is None:
            raise DltutorError(f"nothing written yet for {ref.label.lower()}; write it first with `{ref.command}`")
        rows.set_done(self.conn, latest.id, self.clock() if done else None)
        return self.latest(ref)

    # --- after a crash ---
    def recover(self) -> list[Recovered]:
        """Save the working files that a killed or crashed session left behind, then remove them."""
        try:
            found = sorted(self.folder.glob("*.md"))
        except OSError:
            return []
        out = []
        for path in found:
            m = _NAME.match(path.name)
            if m is None or path in _OURS:
                continue
            pid = int(m.group(3))
            if pid != os.getpid() and _alive(pid):
                continue  # another session is still writing it
            ref = self.ref(m.group(1), int(m.group(2)))
            if ref is None:
                continue  # the course has no such prompt any more: leave the file for the learner
            working = WorkingFile(path, ref, m.group(4))
            text = working.read()
            if len(text) > MAX_ESSAY_CHARS:
                continue  # `save` would refuse it; the file stays where it is
            saved = self.save(ref, text, "recovered")
            working.remove()
            out.append(Recovered(ref, saved, path))
        return out
