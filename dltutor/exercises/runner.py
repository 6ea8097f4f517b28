"""The warm checker seen from dltutor: start it, send it a learner's file, get a `CheckResult` back.

The checker is a separate Python process (dltutor.exercises.checker) that imports torch once
and forks a limited child for every check, so dltutor itself never imports torch nor runs the
learner's code. Starting it costs the torch import (about a second); every check after that
costs the check alone (bench/exercise_watch.py). If it dies or stops answering, it is killed
and started again on the next check.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from dltutor.exercises.registry import ExerciseInfo

TIME_LIMIT = 10.0  # seconds of wall-clock time for one exercise's checks (they take well under one)
MEMORY_LIMIT = 1 << 30  # bytes of address space beyond the checker's own
STARTUP_LIMIT = 120.0  # the first answer includes importing torch, slow on a cold disk


@dataclass(frozen=True)
class CheckResult:
    """One check of one file: passed, or the pattern of the failure (`kind`) and its facts."""

    name: str
    passed: bool
    kind: str | None = None  # todo, syntax, import, missing, exception, timeout, memory, crash, exit, type,
    #                          shape, dtype, overflow, sign, factor, slip, mismatch, internal
    slip: str | None = None  # the exercise's known slip, when kind == "slip"
    call: str | None = None  # the learner call that failed, with its arguments
    what: str | None = None  # which of the results (a tuple's element, one of two functions)
    expected: str | None = None
    got: str | None = None
    factor: float | None = None
    detail: str | None = None
    oracle: str | None = None  # what `expected` comes from
    traceback: str | None = None  # the learner's frames only
    output: str = ""  # what the learner's code printed
    calls: int = 0
    seconds: float = 0.0
    digest: str = ""  # sha256 of the source that was checked

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> CheckResult:
        known = {f.name for f in fields(cls)}
        return cls(**{**{k: v for k, v in data.items() if k in known}, "name": name})


def digest(source: bytes) -> str:
    return hashlib.sha256(source).hexdigest()


class Checker:
    """A warm checker process, started on first use; `close()` ends it."""

    def __init__(self, *, time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT,
                 env: dict[str, str] | None = None) -> None:
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.env = env
        self.proc: subprocess.Popen[str] | None = None
        self.ready = False
        self.forks = True  # as the checker says when it starts; without fork it answers once
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._cwd = tempfile.gettempdir()

    # --- the process ---
    def start(self) -> None:
        """Start the process if it is not running; returns at once (it imports torch meanwhile)."""
        if self.proc is not None and self.proc.poll() is None:
            return
        env = {**os.environ, **(self.env or {}), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        # -P: the learner's folder (or the current one) must not shadow torch or dltutor.
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-m", "dltutor.exercises.checker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
            cwd=self._cwd, env=env)
        self.ready = False
        self._lines = lines = queue.Queue()
        out = self.proc.stdout
        assert out is not None

        def pump() -> None:
            for line in out:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True, name="dltutor-checker-reader").start()

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, deadline: float) -> dict[str, Any] | None:
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if line is None:
                return None
            try:
                return json.loads(line)
            except ValueError:
                continue

    # --- one check ---
    def check(self, info: ExerciseInfo, path: Path) -> CheckResult:
        """Check the learner's file `path` for `info`; FileNotFoundError if it is gone."""
        raw = path.read_bytes()
        source = raw.decode("utf-8", errors="replace")
        result = self._ask(info, path, source)
        return CheckResult.from_json(info.name, {**result, "digest": digest(raw)})

    def _ask(self, info: ExerciseInfo, path: Path, source: str) -> dict[str, Any]:
        for attempt in (1, 2):
            self.start()
            assert self.proc is not None and self.proc.stdin is not None
            started = time.monotonic()
            if not self.ready:
                hello = self._read(started + STARTUP_LIMIT)
                if hello is None or not hello.get("ready"):
                    self.close()
                    if attempt == 2:
                        return {"passed": False, "kind": "internal", "detail": "the checker process did not start "
                                f"(is torch installed for {sys.executable}?)"}
                    continue
                self.ready = True
                self.forks = bool(hello.get("fork"))
            request = {"exercise": info.name, "path": str(path.resolve()), "source": source,
                       "time_limit": self.time_limit, "memory_limit": self.memory_limit}
            try:
                self.proc.stdin.write(json.dumps(request) + "\n")
                self.proc.stdin.flush()
            except OSError:
                self.close()
                continue
            # The child's time limit is the checker's to enforce; this one only catches a stuck checker
            # (and, without fork, the check itself). A first check also warms the checker up.
            reply = self._read(time.monotonic() + self.time_limit * 2 + 30)
            if reply is not None:
                if not self.forks:  # a checker without fork answers once, then exits
                    self.close()
                return reply
            timed_out = self.proc.poll() is None
            self.close()
            if timed_out:
                return {"passed": False, "kind": "timeout", "detail": f"{self.time_limit:g} s"}
        return {"passed": False, "kind": "internal", "detail": "the checker process stopped unexpectedly"}
