"""What the store's fault tests share: a learner's data directory with history and a backup, ways to damage
it, SQLite's own verdict on a file (the oracle), and running a command in-process as a learner would."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from typer.testing import CliRunner

START = datetime(2025, 6, 1, 9, tzinfo=timezone.utc)
DAYS = 12
NOW = START + timedelta(days=DAYS)  # the day the tests run their commands on


def build_home(home: Path, course, simulate) -> Path:
    """A data directory as after two weeks of study: ratings, a quiz, an own card, a reading, an essay, a backup."""
    import os

    home.mkdir(parents=True, exist_ok=True)
    moment = START + timedelta(days=DAYS - 1, hours=2)
    saved = os.environ.get("DLTUTOR_NOW")
    os.environ["DLTUTOR_NOW"] = moment.isoformat()  # the sessions' clock, which times their backups
    try:
        simulate(home, course, DAYS, start=START)
        _finish_history(home, moment)
    finally:
        if saved is None:
            del os.environ["DLTUTOR_NOW"]
        else:
            os.environ["DLTUTOR_NOW"] = saved
    return home


def _finish_history(home: Path, moment: datetime) -> None:
    from dltutor.store import backup, db, progress
    from dltutor.study.session import rate_card

    conn = db.connect(home / "progress.db")
    attempt = progress.start_attempt(conn, "lecture-3", ["short", "choice"], 1, 3, moment)
    for position, verdict in enumerate(("right", "partial", "wrong"), start=1):
        progress.save_answer(conn, attempt, position, item_key=f"lecture-3/quiz/{position}", lecture="lecture-3",
                             type="short", question=f"Question {position}?", response="an answer", verdict=verdict,
                             score={"right": 1.0, "partial": 0.5, "wrong": 0.0}[verdict], hit=["a"], missed=["b"],
                             now=moment)
    progress.finish_attempt(conn, attempt, moment)
    progress.add_own_card(conn, "My question?", "My answer.", "lecture-2", moment)
    from dltutor.store import practice

    for position in range(1, 41):  # a few practice sittings, so its table and indexes hold entries
        practice.save_answer(conn, session=f"s{position // 10}", position=position, kind=("softmax", "conv-output-size")[position % 2],
                             lecture=("lecture-9", "lecture-6")[position % 2], seed=position, params={"z": [1, 2]},
                             question=f"Problem {position}?", response="0.5", expected=0.5,
                             verdict=("right", "wrong")[position % 3 == 0], slip=None, card_ord=10_000, now=moment)
    for _ in range(3):  # cards left in their learning steps, so the learning indexes hold entries too
        card = progress.next_card(conn, moment, progress.Limits(new_per_day=1000), lecture="lecture-9")
        rate_card(conn, card.id, 1, moment)
    from dltutor.store import activity, essays

    activity.record(conn, "read", "lecture-3", "app", moment)  # so every table and index holds entries
    essays.save_version(conn, "lecture-3", 2, "A perceptron cannot solve XOR.\n", words=5,
                        checklist=[essays.StoredPoint("XOR", "addressed")], origin="stdin", now=moment)
    backup.take(conn, home / "progress.db", moment + timedelta(hours=1))
    conn.close()


def copy_home(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def state(home: Path) -> dict[str, str]:
    """The bytes that must not change: the database and the pages of its WAL (an absent WAL and an empty
    one hold the same: nothing). The -shm is SQLite's shared index, rebuilt from these."""
    out = {}
    for name in ("progress.db", "progress.db-wal"):
        p = home / name
        data = p.read_bytes() if p.exists() else b""
        out[name] = hashlib.sha256(data).hexdigest()
    return out


def sqlite_says_damaged(home: Path, scratch: Path) -> bool:
    """The oracle: SQLite's integrity_check on a copy of the files (so the copy may be merged, not these)."""
    scratch.mkdir(parents=True, exist_ok=True)
    for name in ("progress.db", "progress.db-wal"):
        if (home / name).exists():
            shutil.copyfile(home / name, scratch / name)
    try:
        conn = sqlite3.connect(scratch / "progress.db")
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def pages(path: Path) -> tuple[int, dict[str, list[tuple[int, str]]]]:
    """The page size and each table's and index's pages (number, 'leaf'/'internal'/'overflow'), by dbstat."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        found: dict[str, list[tuple[int, str]]] = {}
        for name, pageno, kind in conn.execute("SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno"):
            found.setdefault(name, []).append((pageno, kind))
        return size, found
    finally:
        conn.close()


def write_page(path: Path, page_size: int, number: int, change) -> None:
    """Apply `change(bytearray of the page, offset of its b-tree header)` to page `number` on disk."""
    data = bytearray(path.read_bytes())
    start = (number - 1) * page_size
    page = bytearray(data[start:start + page_size])
    change(page, 100 if number == 1 else 0)
    data[start:start + page_size] = page
    path.write_bytes(bytes(data))


def cell_pointer_past_the_end(page: bytearray, header: int) -> None:
    """The review_log case of the issue: the first cell pointer points past the end of its page."""
    if int.from_bytes(page[header + 3:header + 5], "big") == 0:
        page[header + 3:header + 5] = (1).to_bytes(2, "big")
    interior = page[header] in (2, 5)
    pointers = header + (12 if interior else 8)
    page[pointers:pointers + 2] = (len(page) + 16).to_bytes(2, "big")


def _varint(data: bytearray, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")


def entry_changed(page: bytearray, header: int) -> None:
    """The last byte of the first entry of an index leaf changed (the row it points to): the page stays
    well-formed, but the index no longer agrees with its table."""
    assert page[header] == 10, "an index leaf page"
    assert int.from_bytes(page[header + 3:header + 5], "big") > 0, "the index has entries"
    cell = int.from_bytes(page[header + 8:header + 10], "big")
    size, start = _varint(page, cell)
    page[start + size - 1] ^= 0x01


def invoke(home: Path, args: list[str], stdin: str = "", now: datetime = NOW):
    from dltutor.cli import app

    env = {"DLTUTOR_HOME": str(home), "DLTUTOR_NOW": now.isoformat()}
    return CliRunner().invoke(app, args, input=stdin, env=env)


def one_error_line(result) -> str:
    """The command's single `dltutor: error:` line (and it printed no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dltutor: error: "), result.stderr + result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return lines[0]
