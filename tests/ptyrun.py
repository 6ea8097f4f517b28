"""Driving dltutor in a real terminal (a pty) from tests: send keys, wait for text on screen."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Pty:
    def __init__(self, *args: str, home: Path, env: dict[str, str | None] | None = None):
        """`env` changes the environment: a value replaces a variable, None removes it."""
        self.master, slave = pty.openpty()
        base = {**os.environ, "DLTUTOR_HOME": str(home), "PYTHONPATH": str(ROOT), "COLUMNS": "80", "TERM": "xterm",
                "NO_COLOR": "1"}
        changes = env or {}
        env = {k: v for k, v in {**base, **changes}.items() if v is not None}
        self.proc = subprocess.Popen([sys.executable, "-m", "dltutor", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while text not in self.screen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.screen

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        code = self.proc.wait(timeout=20)
        os.close(self.master)
        return code
