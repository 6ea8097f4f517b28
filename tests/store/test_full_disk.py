"""A full disk: one line saying what was saved and what was not, exit 2, no temporary file left.

Two disks are filled. A real one, a small tmpfs, when this machine lets the test mount it (root with
CAP_SYS_ADMIN); and everywhere, SQLite's own SQLITE_FULL, by capping the database at the pages it
has (`PRAGMA max_page_count` on every connection dltutor opens), which fails the same calls with the
same error. Where the tmpfs cannot be mounted, its tests run on the capped database instead and say
so with a warning, never a silent skip. What each message claims is checked against the database.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
import warnings
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from storekit import NOW, build_home, copy_home, invoke, one_error_line


@pytest.fixture(scope="module")
def learner(tmp_path_factory, course, simulator):
    return build_home(tmp_path_factory.mktemp("learner") / "home", course, simulator)


def rows(home: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{home / 'progress.db'}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# --- the two kinds of full disk ------------------------------------------------------------------

@contextmanager
def capped(monkeypatch, pages: int | None = None):
    """SQLITE_FULL once a database needs a page more than it has (or than `pages`)."""
    from dltutor.store import health

    configure = health.configure

    def configure_capped(conn):
        configure(conn)
        have = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages if pages is not None else max(have, 1)}")

    monkeypatch.setattr(health, "configure", configure_capped)
    yield


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


def _fill(where: Path, leave: int) -> None:
    """Fill the filesystem, then give back `leave` bytes."""
    filler = where / "filler"
    # Unbuffered: a write the disk refuses raises at once, and nothing is left for close() to flush
    # (a buffered file re-raised ENOSPC on close whenever the free space was not whole blocks).
    with filler.open("wb", buffering=0) as fh:
        block = b"\0" * 65536
        try:
            while True:
                if fh.write(block) < len(block):
                    fh.write(b"\0")  # the partial write filled the disk: this raises ENOSPC
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    os.truncate(filler, max(filler.stat().st_size - leave, 0))


@pytest.fixture
def tmpfs(tmp_path):
    """A 2 MB tmpfs, or None where it cannot be mounted (then the caller simulates, with a warning)."""
    where = tmp_path / "tmpfs"
    if not _mount_tmpfs(where, "2m"):
        warnings.warn("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): this full-disk test ran on "
                      "SQLite's simulated SQLITE_FULL instead", stacklevel=2)
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# --- reviews -----------------------------------------------------------------------------------------

def _review_fails_saying_what_was_kept(home: Path) -> int:
    before = rows(home, "review_log")
    result = invoke(home, ["review"], "3\n" * 200)
    line = one_error_line(result)
    acked = result.stdout.count("  ✓ ")
    assert result.exit_code == 2, line
    m = re.search(r"the disk is full: this Good rating was not saved; (?:your (\d+) other ratings? of this "
                  r"session (?:are|is) saved|the session had saved nothing before it)\. Free some space", line)
    assert m, line
    claimed = int(m[1] or 0)
    assert rows(home, "review_log") - before == acked == claimed  # what it says is saved is what is there
    assert re.search(rf"^Reviewed {claimed} cards?", result.stdout, re.M) or claimed == 0  # the summary came first
    assert not [p for p in home.rglob(".*") if p.is_file()]  # no temporary file left anywhere
    return claimed


def test_a_full_disk_mid_review_says_which_ratings_were_saved_simulated(learner, tmp_path, monkeypatch):
    home = copy_home(learner, tmp_path / "home")
    assert invoke(home, ["backup", "now"]).exit_code == 0  # today's backup made while there was room
    with capped(monkeypatch):
        assert _review_fails_saying_what_was_kept(home) > 0  # some fitted before the one that did not


def test_a_full_disk_mid_review_says_which_ratings_were_saved_on_a_real_disk(learner, tmp_path, monkeypatch, tmpfs):
    if tmpfs is None:
        home = copy_home(learner, tmp_path / "home")
        assert invoke(home, ["backup", "now"]).exit_code == 0
        with capped(monkeypatch):
            _review_fails_saying_what_was_kept(home)
        return
    home = copy_home(learner, tmpfs / "home")
    shutil.rmtree(home / "cache", ignore_errors=True)
    assert invoke(home, ["backup", "now"]).exit_code == 0
    _fill(tmpfs, 256 * 1024)  # room for SQLite's index file and a few ratings' WAL pages
    _review_fails_saying_what_was_kept(home)


# --- quizzes -----------------------------------------------------------------------------------------

def test_a_full_disk_mid_quiz_ends_with_its_summary_and_says_which_answers_were_saved(learner, tmp_path,
                                                                                      monkeypatch):
    home = copy_home(learner, tmp_path / "home")
    assert invoke(home, ["backup", "now"]).exit_code == 0
    before = rows(home, "quiz_answers")
    with capped(monkeypatch):
        # Each answer grows the table; capped at the pages it has, some fit and then one does not.
        result = invoke(home, ["quiz", "--n", "40", "--seed", "3"], ("a long answer about weights " * 20 + "\n") * 40)
    line = one_error_line(result)
    assert result.exit_code == 2
    m = re.search(r"the disk is full: answer (\d+) was not saved; (?:answers 1-(\d+) are|answer (1) is|no answer "
                  r"of this quiz is) saved", line)
    assert m, line
    saved = int(m[2] or m[3] or 0)
    assert int(m[1]) == saved + 1
    assert rows(home, "quiz_answers") - before == saved
    assert re.search(r"^Score: ", result.stdout, re.M) or saved == 0  # the summary of what was saved
    assert f"Stopped after {saved} of 40 questions; your answers are saved." in result.stdout or saved == 0


# --- the first run -----------------------------------------------------------------------------------

def _first_run_leaves_nothing(home: Path) -> None:
    result = invoke(home, ["review"], "3\n")
    line = one_error_line(result)
    assert result.exit_code == 2 and "could not be created" in line and "nothing was saved" in line, line
    assert not (home / "progress.db").exists()
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".progress.db")) == []


def test_a_first_run_on_a_full_disk_leaves_no_temporary_files_simulated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    with capped(monkeypatch, pages=2):
        _first_run_leaves_nothing(home)


def test_a_first_run_on_a_full_disk_leaves_no_temporary_files_on_a_real_disk(tmp_path, monkeypatch, tmpfs):
    if tmpfs is None:
        home = tmp_path / "home"
        home.mkdir()
        with capped(monkeypatch, pages=2):
            _first_run_leaves_nothing(home)
        return
    home = tmpfs / "home"
    home.mkdir()
    (home / "cache").mkdir()
    _fill(tmpfs, 8 * 1024)
    _first_run_leaves_nothing(home)


# --- the day's backup -------------------------------------------------------------------------------

def _no_room_for_the_backup(home: Path) -> None:
    before = rows(home, "review_log")
    result = invoke(home, ["review"], "3\n3\n")
    line = one_error_line(result)
    assert result.exit_code == 2
    assert "the disk is full, so a backup could not be made: this Good rating was not saved" in line, line
    assert rows(home, "review_log") == before
    assert not [p for p in (home / "backups").iterdir() if p.name.startswith(".")]


def test_no_room_for_the_days_backup_saves_nothing_and_says_so(learner, tmp_path, monkeypatch, tmpfs):
    if tmpfs is not None:
        home = copy_home(learner, tmpfs / "home")
        shutil.rmtree(home / "cache", ignore_errors=True)
        # Room for the session's index file and a rating, not for a copy of the whole database.
        _fill(tmpfs, (home / "progress.db").stat().st_size // 2)
        _no_room_for_the_backup(home)
        return
    home = copy_home(learner, tmp_path / "home")
    from dltutor.store import backup

    def no_space(conn, target, journal="DELETE"):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(b"partial")
        backup._remove(tmp)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backup, "copy_to", no_space)
    _no_room_for_the_backup(home)


def test_the_capped_database_is_a_faithful_full_disk(tmp_path, monkeypatch):
    # The simulation raises what a full disk raises, through the same door.
    home = tmp_path / "home"
    assert invoke(home, ["cards", "add", "--front", "Q", "--back", "A"]).exit_code == 0
    with capped(monkeypatch):
        result = invoke(home, ["cards", "add", "--front", "Q" * 1500, "--back", "A" * 1500], now=NOW + timedelta(1))
    assert result.exit_code == 2 and "the disk is full" in one_error_line(result)


# --- the app ------------------------------------------------------------------------------------------

def test_a_full_disk_in_the_apps_review_closes_it_with_the_same_line(learner, tmp_path, monkeypatch):
    import asyncio

    from dltutor.tui.app import make_app
    from dltutor.tui.screens.review import ReviewScreen

    home = copy_home(learner, tmp_path / "home")
    assert invoke(home, ["backup", "now"]).exit_code == 0
    before = rows(home, "review_log")

    async def rate_until_it_stops(app):
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(ReviewScreen(None))
            await pilot.pause()
            for _ in range(200):
                await pilot.press("space")
                app.simulate_key("3")  # not pilot.press: it would wait on an app that is closing
                for _ in range(100):
                    await asyncio.sleep(0.01)
                    if app.fatal is not None or app.screen.state == "front":
                        break
                if app.fatal is not None:
                    break

    with capped(monkeypatch):
        app = make_app(home=home, clock=lambda: NOW)
        asyncio.run(rate_until_it_stops(app))
    assert app.return_code == 2
    m = re.fullmatch(rf"{re.escape(str(home / 'progress.db'))}: the disk is full: this Good rating was not saved; "
                     r"your (\d+) other ratings? of this session (?:are|is) saved\. Free some space, then run it again\.",
                     app.fatal)
    assert m, app.fatal
    assert rows(home, "review_log") - before == int(m[1]) > 0
