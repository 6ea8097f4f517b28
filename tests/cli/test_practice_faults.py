"""A practice sitting killed at any moment keeps every answer it acknowledged; Ctrl-C ends it with a summary.

Real `python -m dltutor practice` processes driven through pipes. The verdict line ("  ✓ Right",
"  ✗ Not right", "  – Skipped") is printed only once the answer is committed, and the next
problem only after that: so the store seen from outside always holds every acknowledged
answer, and after a SIGKILL at most the one answer whose line was read but not acknowledged.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ROOT = Path(__file__).resolve().parents[2]
ACKS = ("  ✓ Right", "  ✗ Not right", "  – Skipped")
ANSWERS = ["0.5", "1", "", "2/3", "1e-1", "150%", "-0.25", "0.75"]  # each a valid one-number answer


class Sitting:
    def __init__(self, home: Path, *args: str, interruptible: bool = False) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DLTUTOR_")}
        env.update(PYTHONPATH=str(ROOT), DLTUTOR_HOME=str(home), DLTUTOR_NOW="2026-01-15T09:00:00+00:00",
                   PYTHONUNBUFFERED="1", COLUMNS="100", NO_COLOR="1")
        previous = signal.getsignal(signal.SIGINT)
        if interruptible and previous is signal.SIG_IGN:  # a background test run: give the child the default
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "dltutor", "practice", *args], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        finally:
            signal.signal(signal.SIGINT, previous)
        self._out = bytearray()
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        while chunk := os.read(self.proc.stdout.fileno(), 65536):
            with self._changed:
                self._out.extend(chunk)
                self._changed.notify_all()

    @property
    def out(self) -> str:
        with self._changed:
            return self._out.decode("utf-8", "replace")

    def wait_for(self, ready, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready(self._out.decode("utf-8", "replace")):
                assert time.monotonic() < deadline and self._reader.is_alive(), self.diagnosis()
                self._changed.wait(0.05)

    def send(self, *lines: str) -> None:
        self.proc.stdin.write("".join(f"{line}\n" for line in lines).encode())
        self.proc.stdin.flush()

    def end(self, sig: int | None = None) -> int:
        if sig is not None:
            self.proc.send_signal(sig)
        else:
            self.proc.stdin.close()
        rc = self.proc.wait(60)
        self._reader.join(60)
        return rc

    def diagnosis(self) -> str:
        return f"--- stdout ---\n{self.out[-3000:]}\n--- stderr ---\n{self.proc.stderr.read().decode()[-2000:]}" \
            if self.proc.poll() is not None else f"--- stdout ---\n{self.out[-3000:]}"


def acked(text: str) -> int:
    return sum(line.startswith(ACKS) for line in text.split("\n")[:-1])


def stored(home: Path) -> int:
    path = home / "progress.db"
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        gaps = conn.execute("SELECT session FROM practice_answers GROUP BY session "
                            "HAVING count(*) != max(position)").fetchall()
        assert gaps == [], "a sitting lost an answer in the middle"
        return conn.execute("SELECT count(*) FROM practice_answers").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the practice table was made: nothing acknowledged
        return 0
    finally:
        conn.close()


def test_each_answer_is_on_disk_before_the_next_problem_is_shown(tmp_path):
    s = Sitting(tmp_path, "mse", "--n", "5", "--seed", "1")
    s.wait_for(lambda out: "Problem 1 of 5" in out)
    assert stored(tmp_path) == 0
    for k, answer in enumerate(["0.5", "", "not a number", "3/4"], start=1):
        s.send(answer)
        if answer == "not a number":  # asked again, nothing stored
            s.wait_for(lambda out: "Not a number I can read" in out)
            assert stored(tmp_path) == k - 1
            continue
        n = k if k < 3 else k - 1
        s.wait_for(lambda out, n=n: f"Problem {n + 1} of 5" in out)
        assert stored(tmp_path) == n == acked(s.out)
    assert s.end(signal.SIGKILL) == -signal.SIGKILL
    assert stored(tmp_path) == 3


@pytest.mark.parametrize("seed", [61, 62])
def test_sigkill_at_any_moment_loses_no_acknowledged_answer(tmp_path, seed):
    rng = random.Random(seed)
    rows = 0
    for run in range(6):
        s = Sitting(tmp_path, rng.choice(["mse", "sigmoid-derivative", "l2-loss", "lecture-5"]) if run % 2 else
                    "conv-output-size", "--n", "20", "--seed", str(rng.randrange(1000)))
        s.wait_for(lambda out: "Problem 1 of 20" in out)
        lines = [rng.choice(ANSWERS) for _ in range(rng.randint(1, 12))]  # lecture 5's kinds all take one number
        s.send(*lines)
        if rng.random() < 0.5:
            k = rng.randint(1, len(lines))
            s.wait_for(lambda out: acked(out) >= k)
        end = time.perf_counter() + rng.uniform(0, 0.003)
        while time.perf_counter() < end:
            pass
        assert s.end(signal.SIGKILL) == -signal.SIGKILL
        out = s.out
        seen = acked(out)
        echoed = out.split("\n")[:-1]
        after_last_ack = echoed[max([i for i, line in enumerate(echoed) if line.startswith(ACKS)], default=-1) + 1:]
        in_flight = any(line.startswith("Your answer: ") for line in after_last_ack)
        now = stored(tmp_path)
        assert now - rows in ({seen, seen + 1} if in_flight else {seen}), f"run {run}\n{s.diagnosis()}"
        rows = now
    final = Sitting(tmp_path, "mse", "--n", "3", "--seed", "5")
    final.send("1", "", "2")
    assert final.end() == 0
    assert stored(tmp_path) - rows == 3 == acked(final.out)


@pytest.mark.parametrize("moment", ["waiting", "busy"])
def test_ctrl_c_ends_with_the_summary_and_status_130(tmp_path, moment):
    s = Sitting(tmp_path, "sigmoid-derivative", "--n", "10", "--seed", "3", interruptible=True)
    s.wait_for(lambda out: "Problem 1 of 10" in out)
    s.send("0.2", "", "0.25")
    if moment == "waiting":
        s.wait_for(lambda out: acked(out) == 3 and out.endswith("Your answer: "))
    else:
        s.wait_for(lambda out: acked(out) >= 1)
    assert s.end(signal.SIGINT) == 130
    out = s.out
    assert "Traceback" not in s.proc.stderr.read().decode()
    answered = stored(tmp_path)
    assert answered == acked(out) if moment == "waiting" else answered in (acked(out), acked(out) + 1)
    summary = re.search(r"^Practice: (\d+) of (\d+) right", out, re.M)
    assert summary and int(summary[2]) == answered
    assert re.search(rf"^Stopped after {answered} of 10 problems; your answers are saved\.$", out, re.M)
