"""Watch mode: notice each save of the current exercise's file, check it, move on when it passes.

The file is polled (its size, mtime and inode, every POLL seconds), not watched through inotify:
there is one file to watch, a stat costs microseconds, and polling sees saves everywhere alike,
including the atomic renames of editors and the mounted folders (WSL's /mnt/c, network and
container mounts) where inotify and FSEvents miss them. A changed stat is re-read and hashed,
so a save that changes nothing is not checked again. The command line and the app both drive
`Watch.poll()`: it returns what happened, and nothing here prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from dltutor.exercises.registry import ExerciseInfo
from dltutor.exercises.runner import Checker, CheckResult, digest
from dltutor.exercises.workspace import Workspace

POLL = 0.1  # seconds between looks at the file: at most this much of the 0.5 s from save to result


@dataclass(frozen=True)
class Event:
    kind: Literal["result", "moved", "done", "missing"]
    exercise: ExerciseInfo
    result: CheckResult | None = None


class Watch:
    def __init__(self, workspace: Workspace, checker: Checker, exercise: ExerciseInfo | None = None) -> None:
        self.workspace = workspace
        self.checker = checker
        self.exercise = exercise or workspace.current()
        self.finished = False
        self._stat: tuple[int, int, int] | None = None
        self._checked: str | None = None  # the digest last checked
        self._missing = False
        workspace.set_current(self.exercise)

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.workspace.path(self.exercise))
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    def start(self) -> list[Event]:
        """The first check, of the file as it is (it also warms the checker up)."""
        self._stat = self._signature()
        return self.check()

    def check(self) -> list[Event]:
        """Check the current file now and record the result; moves on if it passes."""
        path = self.workspace.path(self.exercise)
        try:
            result = self.checker.check(self.exercise, path)
        except FileNotFoundError:
            self._missing = True
            return [Event("missing", self.exercise)]
        self._missing = False
        self._checked = result.digest
        self.workspace.record(result)
        events = [Event("result", self.exercise, result)]
        if result.passed:
            events += self.move_on()
        return events

    def move_on(self) -> list[Event]:
        """To the next exercise not passed; checked at once unless it is still the stub."""
        following = self.workspace.next_after(self.exercise)
        if following is None:
            self.finished = True
            return [Event("done", self.exercise)]
        return self.switch(following)

    def switch(self, exercise: ExerciseInfo) -> list[Event]:
        self.exercise = exercise
        self.workspace.set_current(exercise)
        self._stat = self._signature()
        self._checked = None
        events = [Event("moved", exercise)]
        try:
            untouched = self.workspace.path(exercise).read_bytes() == exercise.source("stub").encode("utf-8")
        except OSError:
            return events + [Event("missing", exercise)]
        if untouched:
            self._checked = digest(exercise.source("stub").encode("utf-8"))
            return events
        return events + self.check()

    def poll(self) -> list[Event]:
        """One look at the file: a check if it changed since the last look, else nothing."""
        if self.finished:
            return []
        signature = self._signature()
        if signature is None:
            if not self._missing:
                self._missing = True
                return [Event("missing", self.exercise)]
            return []
        if signature == self._stat and not self._missing:
            return []
        self._stat = signature
        now = self.workspace.file_digest(self.exercise)
        if now is None or (now == self._checked and not self._missing):
            return []
        return self.check()
