"""Read-only files and folders: the commands that read work, the ones that write refuse before the
first question, and a healthy database is never called damaged.

The permissions must bind, so root's override is dropped: as root (CI), the data directory is
given to `nobody` and each command runs in-process with the effective user and group set to
`nobody` (seteuid), then set back. Each test proves the override is gone before it relies on it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from storekit import NOW, build_home, invoke, one_error_line, state

NOBODY = 65534


@pytest.fixture(scope="module")
def learner(tmp_path_factory, course, simulator):
    return build_home(tmp_path_factory.mktemp("learner") / "home", course, simulator)


@pytest.fixture
def home(learner):
    """A copy of the learner's data directory where `nobody` can reach it (pytest's own tmp is 0700)."""
    top = Path(tempfile.mkdtemp(prefix="dltutor-ro-"))
    top.chmod(0o755)
    target = top / "home"
    shutil.copytree(learner, target)
    if os.geteuid() == 0:
        for p in [target, *target.rglob("*")]:
            os.chown(p, NOBODY, NOBODY)
    yield target
    for p in [target, *target.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(top)


@contextmanager
def unprivileged(home: Path | None = None, calls=()):
    """Run as the learner `nobody`, without root's permission override.

    Python itself may live where `nobody` cannot read (a root-only pyenv), so the modules the calls
    need are imported first, by running them once as root on a scratch copy of the data directory.
    """
    if os.geteuid() != 0:
        yield
        return
    if home is not None:
        scratch = Path(tempfile.mkdtemp(prefix="dltutor-warm-")) / "home"
        shutil.copytree(home, scratch)
        for args, stdin in calls:
            invoke(scratch, args, stdin)

        shutil.rmtree(scratch.parent)
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def read_only_works_and_writing_refuses(home: Path, what: Path) -> None:
    before = state(home)
    calls = [(["stats", "--json"], ""), (["cards", "list", "--json"], ""), (["next", "--json"], ""),
             (["review"], "3\n3\n"),
             (["quiz", "lecture-3"], "a\nb\n"), (["cards", "add", "--front", "Q", "--back", "A"], ""),
             (["cards", "suspend", "1"], "")]
    with unprivileged(home, calls):
        assert not writable(what), "the permission override is still in force"
        stats, listed, step, *writers = [invoke(home, args, stdin) for args, stdin in calls]
    assert stats.exit_code == 0, stats.stderr
    assert listed.exit_code == 0, listed.stderr
    assert step.exit_code == 0 and json.loads(step.stdout)["kind"], step.stderr
    conn = sqlite3.connect(f"file:{home / 'progress.db'}?mode=ro&immutable=1", uri=True)
    assert json.loads(stats.stdout)["reviews_total"] == conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
    assert len(json.loads(listed.stdout)) == conn.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0]
    conn.close()
    for result in writers:
        line = one_error_line(result)
        assert result.exit_code == 2 and "read-only" in line and "damaged" not in line, line
        assert "dltutor left it untouched" in line and "stats, cards list" in line, line
        # Refused before the first question or card.
        assert "Question 1" not in result.stdout and "Rating:" not in result.stdout
    assert state(home) == before


def test_a_read_only_database_file(home):
    db = home / "progress.db"
    db.chmod(0o444)
    read_only_works_and_writing_refuses(home, db)


def test_a_read_only_data_directory(home):
    # The case: a read-only folder made `stats` call a healthy database "damaged".
    for p in home.rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
    home.chmod(0o555)
    read_only_works_and_writing_refuses(home, home)
    assert sorted(p.name for p in home.iterdir() if p.name.startswith("progress.db-")) == []


def test_a_read_only_folder_with_pages_in_the_wal_is_said_so_not_called_damaged(home):
    conn = sqlite3.connect(home / "progress.db", isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('unsaved', 'in the WAL only')")
    shutil.copyfile(home / "progress.db-wal", home / "kept-wal")
    conn.close()
    (home / "kept-wal").rename(home / "progress.db-wal")
    assert (home / "progress.db-wal").stat().st_size > 0 and not (home / "progress.db-shm").exists()
    for p in home.rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
        if os.geteuid() == 0:
            os.chown(p, NOBODY, NOBODY)
    home.chmod(0o555)
    before = state(home)
    with unprivileged(home, [(["stats"], "")]):
        assert not writable(home)
        result = invoke(home, ["stats"])
    line = one_error_line(result)
    assert result.exit_code == 2 and "holds changes not yet in progress.db" in line and "damaged" not in line
    assert f"Make {home} writable" in line
    assert state(home) == before


def test_the_app_refuses_a_read_only_database_before_it_starts(home, monkeypatch):
    from dltutor.tui.launch import build_app
    from dltutor.store.db import DatabaseError

    monkeypatch.setenv("DLTUTOR_NOW", NOW.isoformat())
    scratch = Path(tempfile.mkdtemp(prefix="dltutor-warm-"))
    monkeypatch.setenv("DLTUTOR_HOME", str(scratch))
    build_app().services.close()  # as root first, so the app's modules are imported (see unprivileged)
    shutil.rmtree(scratch)
    (home / "progress.db").chmod(0o444)
    monkeypatch.setenv("DLTUTOR_HOME", str(home))
    before = state(home)
    with unprivileged():
        assert not writable(home / "progress.db")
        with pytest.raises(DatabaseError, match="read-only") as info:
            build_app()
    assert "damaged" not in str(info.value) and state(home) == before


def test_read_only_commands_never_write_a_healthy_database(home):
    db = home / "progress.db"
    before = db.read_bytes()
    mtime = db.stat().st_mtime_ns
    for args in (["stats"], ["stats", "--json"], ["cards", "list"], ["cards", "list", "--due"], ["backup", "list"],
                 ["next"], ["next", "--json"]):
        assert invoke(home, args).exit_code == 0
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    wal = home / "progress.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o644


def test_a_command_that_reads_syncs_a_changed_course_in_memory_not_on_disk(home, course):
    from dltutor.study.cards import course_cards

    # As after an upgrade whose course has a card the database has not seen yet.
    conn = sqlite3.connect(home / "progress.db", isolation_level=None)
    gone = course_cards(course)[0].key
    conn.execute("DELETE FROM cards WHERE key = ?", (gone,))
    conn.execute("UPDATE meta SET value = 'an older course' WHERE key = 'course_cards'")
    conn.close()
    before = state(home)
    listed = invoke(home, ["cards", "list", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert gone in [c["key"] for c in json.loads(listed.stdout)]  # the course's card is listed, as new
    assert invoke(home, ["stats"]).exit_code == 0
    assert state(home) == before  # and nothing was written to bring the file up to date
    result = invoke(home, ["cards", "suspend", "own/1"])  # the next writing session does that
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(home / "progress.db")
    assert conn.execute("SELECT count(*) FROM cards WHERE key = ?", (gone,)).fetchone() == (1,)
    conn.close()
