"""Faults a study session must survive: SIGKILL at any moment, two sessions at once, Ctrl-C.

Sessions run as real `python -m dltutor` processes driven through pipes, the way a learner's script
drives them. A session prints its acknowledgement ("  ✓ Good · ..." after a rating, "  ↺ Again · ..." after a failed recall, "  ↶ Undone"
after an undo, "  ✓ Right" / "  ◐ Partly right" / "  ✗ Not right" / "  – Skipped" after a quiz answer) only once
the change is committed, and it handles one input line at a time. So after a kill the store holds
exactly what was acknowledged, give or take the one change whose input line was echoed but whose
acknowledgement the kill cut off; that is what the tests assert, after every kill, together with a
clean `PRAGMA integrity_check`, a complete migration record and `reps` equal to each card's
number of log rows.

Every run keeps stdin open and is sent fewer lines than the session has cards or questions, so
it is still waiting when the signal comes: each run is a real kill, and the count is exact.
Kill moments are drawn from seeded generators; where they land varies with machine speed, but
nothing asserted depends on where they land.
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)
WAIT = 60.0  # seconds; only reached when something hangs
# Generous limits so that a session never runs out of cards within a run (see the module docstring).
CONFIG = "[review]\nnew_per_day = 10000\nreviews_per_day = 100000\n"

REVIEW_HEADING = re.compile(r"^Review · .* · (\d+) due · (\d+) new today$", re.M)
QUIZ_HEADING = re.compile(r"^Quiz: .* · (\d+) questions?", re.M)
RATING_ACK = ("  ✓ ", "  ↺ ")  # recalled; Again (a failed recall)
UNDO_ACK = "  ↶ Undone"
RATINGS = {"1", "2", "3", "4", "again", "hard", "good", "easy", "a", "h", "g", "e"}
REVIEW_OTHER = ("  Nothing to undo", "  Not a rating")  # answers to an input line that change nothing
ANSWER_ACKS = ("  ✓ Right", "  ◐ Partly right", "  ✗ Not right", "  – Skipped")

REVIEW_INPUTS = ["3"] * 10 + ["good", "g", "1", "1", "again", "2", "hard", "4", "easy", "u", "u", "x", ""]
QUIZ_INPUTS = ["A", "b", "2", "4", "", "x", "learning rate", "weight vector that classifies all examples",
               "the activation function", "Perceptron", "ReLU", "sigmoid squashes to (0, 1)"]


# --- driving a session -------------------------------------------------------------------------

class Scripted:
    """A `python -m dltutor ...` process with its stdin held open and its output collected."""

    def __init__(self, args: list[str], home: Path, now: datetime) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DLTUTOR_")}
        env.update(PYTHONPATH=str(ROOT), DLTUTOR_HOME=str(home), DLTUTOR_NOW=now.isoformat(), TZ="UTC",
                   PYTHONUNBUFFERED="1", COLUMNS="100", NO_COLOR="1")
        self.args = args
        self.proc = subprocess.Popen([sys.executable, "-m", "dltutor", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        self._out = bytearray()
        self._err = bytearray()
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._pump, args=(stream, buf), daemon=True)
                         for stream, buf in ((self.proc.stdout, self._out), (self.proc.stderr, self._err))]
        for reader in self._readers:
            reader.start()

    def _pump(self, stream, buf: bytearray) -> None:
        while chunk := os.read(stream.fileno(), 65536):
            with self._changed:
                buf.extend(chunk)
                self._changed.notify_all()
        stream.close()

    @classmethod
    def interruptible(cls, args: list[str], home: Path, now: datetime) -> Scripted:
        """Started with SIGINT at its default, as from a terminal, even if this test run ignores it.

        A shell starts background jobs with SIGINT ignored, children inherit that, and Python then
        installs no KeyboardInterrupt handler. A handler written in Python is reset by exec, so
        setting one here for the moment of the start gives the child the default.
        """
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            return cls(args, home, now)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            return cls(args, home, now)
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    @property
    def out(self) -> str:
        with self._changed:
            return self._out.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        with self._changed:
            return self._err.decode("utf-8", "replace")

    def wait_for(self, ready: Callable[[str], bool], timeout: float = WAIT) -> bool:
        """Until `ready(stdout so far)` holds; False if the process ended or time ran out first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready(self._out.decode("utf-8", "replace")):
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._readers[0].is_alive()):
                    return ready(self._out.decode("utf-8", "replace"))
                self._changed.wait(min(left, 0.05))
        return True

    def send(self, lines: list[str]) -> None:
        try:
            self.proc.stdin.write("".join(f"{line}\n" for line in lines).encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def finish(self) -> int:
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        rc = self.proc.wait(WAIT)
        for reader in self._readers:
            reader.join(WAIT)
        return rc

    def diagnosis(self) -> str:
        return f"dltutor {' '.join(self.args)}\n--- stdout ---\n{self.out[-3000:]}\n--- stderr ---\n{self.err[-3000:]}"


def spin(seconds: float) -> None:
    """Wait with sub-millisecond precision (time.sleep overshoots by about a millisecond)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def at_prompt(text: str) -> bool:
    """The session has asked for its next line (the prompt is the unfinished last line)."""
    return re.search(r"(  Rating: |Your answer(?: \([A-H]-[A-H]\))?: )$", text) is not None


def complete_lines(text: str) -> list[str]:
    return text.split("\n")[:-1]  # the last piece is a line still being written (a prompt)


def review_responses(text: str) -> int:
    """Input lines the review has fully handled: each gets exactly one of these lines."""
    return sum(line.startswith((*RATING_ACK, UNDO_ACK, *REVIEW_OTHER)) for line in complete_lines(text))


def quiz_responses(text: str) -> int:
    return sum(line.startswith(ANSWER_ACKS) for line in complete_lines(text))


def review_acked(text: str) -> int:
    """Review-log rows the session said it added: ratings acknowledged minus undos acknowledged."""
    lines = complete_lines(text)
    return sum(line.startswith(RATING_ACK) for line in lines) - sum(line.startswith(UNDO_ACK) for line in lines)


def review_change_bounds(text: str) -> set[int]:
    """The possible change in review_log rows: what was acknowledged, give or take the line in flight."""
    lines = complete_lines(text)
    acked = review_acked(text)
    answered = [i for i, line in enumerate(lines) if line.startswith((*RATING_ACK, UNDO_ACK, *REVIEW_OTHER))]
    after = lines[answered[-1] + 1:] if answered else lines
    echoed = [line[len("  Rating: "):].strip().lower() for line in after if line.startswith("  Rating: ")]
    if echoed and echoed[-1] in RATINGS:  # a rating read, perhaps committed, not acknowledged
        return {acked, acked + 1}
    if echoed and echoed[-1] == "u":
        return {acked, acked - 1}
    return {acked}


def quiz_change_bounds(text: str) -> set[int]:
    lines = complete_lines(text)
    acked = sum(line.startswith(ANSWER_ACKS) for line in lines)
    answered = [i for i, line in enumerate(lines) if line.startswith(ANSWER_ACKS)]
    after = lines[answered[-1] + 1:] if answered else lines
    return {acked, acked + 1} if any(line.startswith("Your answer") for line in after) else {acked}


# --- the store, checked ------------------------------------------------------------------------

def check_store(home: Path) -> tuple[int, int]:
    """Open the database as dltutor does and check it whole; returns (review_log rows, quiz_answers rows)."""
    from dltutor.store.db import connect
    from dltutor.store.migrations import MIGRATIONS

    path = home / "progress.db"
    if not path.exists():  # killed while creating it: nothing can have been acknowledged yet
        return 0, 0
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [name for (name,) in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == \
            [fn.__name__ for fn in MIGRATIONS]
        drift = conn.execute("SELECT key, reps, (SELECT count(*) FROM review_log r WHERE r.card_id = c.id) AS n "
                             "FROM cards c WHERE reps != n").fetchall()
        assert drift == [], "a card's schedule and its review log disagree"
        gaps = conn.execute("SELECT attempt_id, count(*), max(position) FROM quiz_answers GROUP BY attempt_id "
                            "HAVING count(*) != max(position)").fetchall()
        assert gaps == [], "a quiz attempt lost an answer in the middle"
        reviews = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        answers = conn.execute("SELECT count(*) FROM quiz_answers").fetchone()[0]
    finally:
        conn.close()
    return reviews, answers


def old_database(path: Path) -> None:
    """A database from before quiz attempts: only the first migration applied."""
    from dltutor.store.db import APPLICATION_ID
    from dltutor.store.migrations import migrate

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, upto=1)
    conn.close()


def new_home(tmp: Path, name: str) -> Path:
    home = tmp / name
    home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    return home


# --- SIGKILL -----------------------------------------------------------------------------------

MODES = ("startup", "ack", "jitter", "inflight", "inflight", "trickle", "waiting")


def kill_one(rng: random.Random, home: Path, args: list[str], now: datetime, mode: str, inputs: list[str],
             heading: re.Pattern, capacity: Callable[[re.Match], int], responses: Callable[[str], int]) -> Scripted:
    """Start a session, feed it, and SIGKILL it at a moment chosen by `mode`:

    creating  while a brand-new database is built beside its final name (or just after)
    startup   somewhere in imports, opening, migrating, syncing the cards
    ack       the moment the k-th acknowledgement of a burst of lines appears
    jitter    a little after it, somewhere inside the next line's work
    inflight  a line sent alone, killed within the ~1 ms it takes to read, grade, commit and acknowledge it
    trickle   while lines arrive one by one, each perhaps before the last is done
    waiting   with every line handled, as the session waits for the next
    """
    session = Scripted(args, home, now)
    db = home / "progress.db"
    if mode == "creating":
        building = home / f".progress.db.{session.proc.pid}.new"
        while not building.exists() and not db.exists() and session.proc.poll() is None:
            spin(0.0002)
        spin(rng.uniform(0, 0.008))
    elif mode == "startup":
        time.sleep(rng.uniform(0.05, 0.3))
    else:
        assert session.wait_for(lambda out: heading.search(out) is not None), session.diagnosis()
        most = capacity(heading.search(session.out)) - 1  # one card or question always left unanswered
        lines = [rng.choice(inputs) for _ in range(min(rng.randint(2, 14), most))]
        if not lines:
            pass
        elif mode == "inflight":
            for k, line in enumerate(lines[:-1], start=1):
                session.send([line])
                assert session.wait_for(lambda out: responses(out) >= k), session.diagnosis()
            session.send(lines[-1:])
            spin(rng.uniform(0, 0.0015))
        elif mode == "trickle":
            for line in lines[:rng.randint(1, len(lines))]:
                session.send([line])
                spin(rng.uniform(0, 0.002))
        else:
            session.send(lines)
            k = len(lines) if mode == "waiting" else rng.randint(1, len(lines))
            ready = (lambda out: responses(out) >= k and at_prompt(out)) if mode == "waiting" else \
                (lambda out: responses(out) >= k)
            assert session.wait_for(ready), session.diagnosis()
            if mode == "jitter":
                spin(rng.uniform(0, 0.002))
    session.signal(signal.SIGKILL)
    rc = session.finish()
    assert rc == -signal.SIGKILL, f"the session was not killed (exit {rc}):\n{session.diagnosis()}"
    return session


def pick_mode(rng: random.Random, home: Path) -> str:
    if not (home / "progress.db").exists() and rng.random() < 0.5:
        return "creating"
    return rng.choice(MODES)


def review_lane(tmp: Path, seed: int, runs: int, old: bool = False) -> int:
    rng = random.Random(seed)
    home = new_home(tmp, f"review-{seed}")
    if old:  # the first session migrates it (checking it here would migrate it first)
        old_database(home / "progress.db")
    rows = 0
    for run in range(runs):
        now = START + timedelta(days=run, minutes=rng.randrange(0, 600))
        mode = pick_mode(rng, home)
        session = kill_one(rng, home, ["review"], now, mode, REVIEW_INPUTS, REVIEW_HEADING,
                           lambda m: int(m[1]) + int(m[2]), review_responses)
        after = check_store(home)[0]
        assert after - rows in review_change_bounds(session.out), \
            f"run {run} ({mode}): {after - rows} rows added\n{session.diagnosis()}"
        rows = after
    # After all those kills, an ordinary session still runs to its end.
    final = Scripted(["review"], home, START + timedelta(days=runs))
    final.send(["3", "1", "4", "u", "3"])
    assert final.finish() == 0, final.diagnosis()
    assert check_store(home)[0] - rows == review_acked(final.out) == 3, final.diagnosis()
    return runs


def quiz_lane(tmp: Path, seed: int, runs: int) -> int:
    rng = random.Random(seed)
    home = new_home(tmp, f"quiz-{seed}")
    answers = 0
    for run in range(runs):
        now = START + timedelta(days=run // 3, minutes=rng.randrange(0, 600))
        scope = rng.choice((["lecture-3"], ["lecture-5"], [], ["--n", "12"]))
        args = ["quiz", *scope, "--seed", str(rng.randrange(1000)), "--type",
                rng.choice(("all", "all", "short", "choice", "cloze"))]
        mode = pick_mode(rng, home)
        session = kill_one(rng, home, args, now, mode, QUIZ_INPUTS, QUIZ_HEADING, lambda m: int(m[1]),
                           quiz_responses)
        after = check_store(home)[1]
        assert after - answers in quiz_change_bounds(session.out), \
            f"run {run} ({mode}): {after - answers} answers added\n{session.diagnosis()}"
        answers = after
    final = Scripted(["quiz", "lecture-3", "--seed", "1"], home, START + timedelta(days=runs))
    final.send(["A", "learning rate"])
    assert final.finish() == 0, final.diagnosis()
    assert check_store(home)[1] - answers == quiz_responses(final.out) == 2, final.diagnosis()
    return runs


def run_lanes(*lanes: Callable[[], int]) -> int:
    """Lanes (each its own data directory, its runs in sequence) two at a time: one per core."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return sum(future.result() for future in [pool.submit(lane) for lane in lanes])


def test_sigkill_during_review_loses_no_acknowledged_rating(tmp_path):
    kills = run_lanes(lambda: review_lane(tmp_path, 11, 9), lambda: review_lane(tmp_path, 12, 9),
                      lambda: review_lane(tmp_path, 13, 9), lambda: review_lane(tmp_path, 14, 9, old=True))
    assert kills == 36


def test_sigkill_during_quiz_loses_no_acknowledged_answer(tmp_path):
    kills = run_lanes(lambda: quiz_lane(tmp_path, 21, 9), lambda: quiz_lane(tmp_path, 22, 9))
    assert kills == 18  # with the review's 36: 54 kills


def test_a_killed_first_run_leaves_no_half_built_file(tmp_path):
    home = new_home(tmp_path, "first")
    for _ in range(30):  # until a kill lands while the new database is being built
        session = Scripted(["review"], home, START)
        building = home / f".progress.db.{session.proc.pid}.new"
        while not building.exists() and not (home / "progress.db").exists() and session.proc.poll() is None:
            spin(0.0002)
        session.signal(signal.SIGKILL)
        session.finish()
        if building.exists() and not (home / "progress.db").exists():
            break
        for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
            (home / name).unlink(missing_ok=True)
    else:
        raise RuntimeError("no kill landed while the database was being built")
    final = Scripted(["review"], home, START)
    final.send(["3"])
    assert final.finish() == 0, final.diagnosis()
    assert sorted(p.name for p in home.glob(".progress.db.*")) == []


# --- two sessions at once ----------------------------------------------------------------------

def together(*sessions: tuple[Scripted, list[str]]) -> None:
    """Once every session has started, give them all their input at the same moment and let them finish."""
    for session, _ in sessions:
        assert session.wait_for(lambda out: bool(REVIEW_HEADING.search(out) or QUIZ_HEADING.search(out))), \
            session.diagnosis()
    for session, lines in sessions:
        session.send(lines)
    for session, _ in sessions:
        assert session.finish() == 0, session.diagnosis()
        assert "database is locked" not in session.err and "Traceback" not in session.err, session.diagnosis()


def test_two_reviews_at_once_lose_nothing(tmp_path):
    rng = random.Random(31)
    home = new_home(tmp_path, "two")
    rows = 0
    for day in range(3):  # the first round also races to create the database
        now = START + timedelta(days=3 * day)
        a, b = Scripted(["review"], home, now), Scripted(["review"], home, now)
        together(*[(s, [rng.choice(REVIEW_INPUTS) for _ in range(90)]) for s in (a, b)])
        after = check_store(home)[0]
        assert after - rows == review_acked(a.out) + review_acked(b.out) > 100
        rows = after
    assert not list(home.glob(".progress.db.*")), "a session left its half-built database behind"


def test_review_and_quiz_at_once_lose_nothing(tmp_path):
    rng = random.Random(32)
    home = new_home(tmp_path, "both")
    reviews = answers = 0
    for day in range(2):
        now = START + timedelta(days=3 * day)
        review = Scripted(["review"], home, now)
        quiz = Scripted(["quiz", "--n", "40", "--seed", str(day)], home, now)
        together((review, [rng.choice(REVIEW_INPUTS) for _ in range(90)]),
                 (quiz, [rng.choice(QUIZ_INPUTS) for _ in range(40)]))
        after_reviews, after_answers = check_store(home)
        assert after_reviews - reviews == review_acked(review.out) > 50
        assert after_answers - answers == quiz_responses(quiz.out) == 40
        reviews, answers = after_reviews, after_answers


# --- Ctrl-C ------------------------------------------------------------------------------------

def interrupt(session: Scripted, rng: random.Random, moment: str, responses: Callable[[str], int], sent: int) -> None:
    """SIGINT once the session has handled every line and waits for the next, or while it is busy with them."""
    if moment == "waiting":
        assert session.wait_for(lambda out: responses(out) >= sent and at_prompt(out)), session.diagnosis()
    else:
        assert session.wait_for(lambda out: responses(out) >= rng.randint(1, sent)), session.diagnosis()
        spin(rng.uniform(0, 0.002))
    session.signal(signal.SIGINT)
    assert session.finish() == 130, session.diagnosis()
    assert "Traceback" not in session.err, session.diagnosis()


@pytest.mark.parametrize("moment", ["waiting", "busy"])
@pytest.mark.parametrize("seed", [41, 42, 43])
def test_ctrl_c_ends_review_with_summary(tmp_path, seed, moment):
    rng = random.Random(seed)
    home = new_home(tmp_path, "ctrl-c")
    session = Scripted.interruptible(["review"], home, START)
    assert session.wait_for(lambda out: REVIEW_HEADING.search(out) is not None), session.diagnosis()
    lines = [rng.choice(["1", "2", "3", "4", "good", "u"]) for _ in range(rng.randint(3, 20))]
    session.send(lines)
    interrupt(session, rng, moment, review_responses, len(lines))
    rows = check_store(home)[0]
    # Waiting, nothing is in flight: the store holds exactly what was acknowledged.
    bounds = {review_acked(session.out)} if moment == "waiting" else review_change_bounds(session.out)
    assert rows in bounds, session.diagnosis()
    summary = re.search(r"^Reviewed (\d+) cards? in ", session.out, re.M)  # no such line when the count is 0
    assert (int(summary[1]) if summary else 0) in bounds, session.diagnosis()
    assert re.search(r"^(More cards are due|Nothing is due)", session.out, re.M), session.diagnosis()


@pytest.mark.parametrize("moment", ["waiting", "busy"])
@pytest.mark.parametrize("seed", [51, 52, 53])
def test_ctrl_c_ends_quiz_with_summary(tmp_path, seed, moment):
    rng = random.Random(seed)
    home = new_home(tmp_path, "ctrl-c")
    session = Scripted.interruptible(["quiz", "--n", "20", "--seed", str(seed)], home, START)
    assert session.wait_for(lambda out: QUIZ_HEADING.search(out) is not None), session.diagnosis()
    lines = [rng.choice(QUIZ_INPUTS) for _ in range(rng.randint(2, 15))]
    session.send(lines)
    interrupt(session, rng, moment, quiz_responses, len(lines))
    answers = check_store(home)[1]
    bounds = {quiz_responses(session.out)} if moment == "waiting" else quiz_change_bounds(session.out)
    assert answers in bounds, session.diagnosis()
    assert re.search(r"^Score: ", session.out, re.M), session.diagnosis()
    stopped = re.search(r"^Stopped after (\d+) of 20 questions; your answers are saved\.$", session.out, re.M)
    assert stopped and int(stopped[1]) in bounds, session.diagnosis()
