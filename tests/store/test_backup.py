"""Automatic backups: when they are taken, which are kept, and `dltutor backup list / now / restore`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from storekit import NOW, build_home, copy_home, invoke, one_error_line, state

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def learner(tmp_path_factory, course, simulator):
    return build_home(tmp_path_factory.mktemp("learner") / "home", course, simulator)


def dump(path: Path) -> list[str]:
    """Everything a database holds, as SQL, read straight from the file by sqlite3 itself."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def names(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "backups").glob("progress-*.db"))


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def write_once(conn) -> None:
    from dltutor.store import db

    with db.atomic(conn):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('touched', 'yes')")


# --- when backups are taken ---------------------------------------------------------------------

def test_the_first_write_of_a_study_day_backs_up_and_later_ones_that_day_do_not(learner, tmp_path, course):
    from dltutor.study.store import open_store

    home = copy_home(learner, tmp_path / "home")
    before = names(home)
    clock = Clock(NOW)
    conn = open_store(course, write=True, path=home / "progress.db", clock=clock)
    assert names(home) == before  # opening writes nothing, so backs up nothing
    expected = dump(home / "progress.db")
    write_once(conn)
    made = sorted(set(names(home)) - set(before))
    assert made == [f"progress-{NOW:%Y%m%d-%H%M%S}.db"]
    assert dump(home / "backups" / made[0]) == expected  # the state just before the day's first write
    clock.moment += timedelta(minutes=29)
    write_once(conn)
    conn.close()
    conn = open_store(course, write=True, path=home / "progress.db", clock=clock)  # a second session that day
    write_once(conn)
    conn.close()
    assert sorted(set(names(home)) - set(before)) == made
    # The backup is self-contained: no -wal beside it, and SQLite finds it whole.
    assert not list((home / "backups").glob("*-wal"))
    assert sqlite3.connect(home / "backups" / made[0]).execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_every_30_minutes_of_study_backs_up_again(learner, tmp_path, course):
    from dltutor.study.store import open_store

    home = copy_home(learner, tmp_path / "home")
    clock = Clock(NOW)
    conn = open_store(course, write=True, path=home / "progress.db", clock=clock)
    seen: set[str] = set()
    for minute in range(0, 95, 5):  # a rating every 5 minutes for an hour and a half
        clock.moment = NOW + timedelta(minutes=minute)
        write_once(conn)
        seen |= {n for n in names(home) if n.startswith(f"progress-{NOW:%Y%m%d}")}
    conn.close()
    # 09:00 (the day's first write), then the first write 30 minutes after each backup.
    assert seen == {f"progress-{NOW:%Y%m%d}-{hhmm}00.db" for hhmm in ("0900", "0930", "1000", "1030")}
    # On one study day the rule keeps the newest; yesterday's stays.
    assert [n for n in names(home) if n in seen] == [f"progress-{NOW:%Y%m%d}-103000.db"]
    assert len(names(home)) == 2


def test_a_database_made_by_this_session_waits_30_minutes_for_its_first_backup(tmp_path, course):
    from dltutor.study.store import open_store

    home = tmp_path / "home"
    clock = Clock(NOW)
    conn = open_store(course, write=True, path=home / "progress.db", clock=clock)
    write_once(conn)
    assert not (home / "backups").exists() or names(home) == []
    clock.moment += timedelta(minutes=31)
    write_once(conn)
    conn.close()
    assert names(home) == [f"progress-{clock.moment:%Y%m%d-%H%M%S}.db"]


def test_seven_daily_and_four_weekly_backups_are_kept(tmp_path, course):
    from dltutor.study.store import open_store

    home = tmp_path / "home"
    start = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)  # a Monday
    clock = Clock(start)
    for day in range(36):  # five weeks and a day: more than 7 study days and 4 weeks
        if day % 9 == 4:
            continue  # some days without study
        for hour in (8, 20):  # two sessions a day, each writing twice
            clock.moment = start + timedelta(days=day, hours=hour - 8)
            conn = open_store(course, write=True, path=home / "progress.db", clock=clock)
            write_once(conn)
            clock.moment += timedelta(minutes=40)
            write_once(conn)
            conn.close()
    kept = {datetime.strptime(n[9:24], "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc) for n in names(home)}
    # Worked out here from the rule's words. Each study day's last backup is its evening session's
    # second write (20:40, 30 minutes after the one before); keep the last 7 study days' and the newest
    # of each of the last 4 weeks with study.
    newest = {(start + timedelta(days=d)).date(): start + timedelta(days=d, hours=12, minutes=40)
              for d in range(36) if d % 9 != 4}
    days = sorted(newest, reverse=True)
    daily = {newest[d] for d in days[:7]}
    by_week: dict[tuple[int, int], datetime] = {}
    for d in days:
        by_week.setdefault(d.isocalendar()[:2], newest[d])
    weekly = {by_week[w] for w in sorted(by_week, reverse=True)[:4]}
    assert kept == daily | weekly
    assert len(kept) == len(daily | weekly) >= 7 + 1


# --- the commands ---------------------------------------------------------------------------------

def test_backup_now_list_and_restore_round_trip(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    result = invoke(home, ["backup", "now"])
    assert result.exit_code == 0, result.stderr
    made = f"progress-{NOW:%Y%m%d-%H%M%S}.db"
    assert made in result.stdout and (home / "backups" / made).exists()
    saved = dump(home / "backups" / made)
    assert saved == dump(home / "progress.db")

    later = NOW + timedelta(minutes=10)  # within 30 minutes of the backup: no new one
    result = invoke(home, ["review"], "3\n" * 5, now=later)
    assert result.exit_code == 0, result.stderr
    current = dump(home / "progress.db")
    assert current != saved

    listed = json.loads(invoke(home, ["backup", "list", "--json"]).stdout)
    assert [b["name"] for b in listed][0] == made
    assert all(b["bytes"] == (home / "backups" / b["name"]).stat().st_size for b in listed)
    assert "daily" in listed[0]["kept_as"]
    text = invoke(home, ["backup", "list"]).stdout
    assert made in text and "restore one with `dltutor backup restore NAME`" in text

    result = invoke(home, ["backup", "restore", made.removesuffix(".db")], now=later)
    assert result.exit_code == 0, result.stderr
    aside = home / f"progress.db.replaced-{later:%Y%m%d-%H%M%S}"
    assert f"kept as {aside}" in result.stdout
    assert dump(home / "progress.db") == saved  # the backup's content is what is in place now
    assert dump(aside) == current  # and what was there is kept whole, its WAL beside it if it had one
    assert (home / "backups" / made).exists()  # the backup itself stays
    # Studying goes on from the restored state.
    result = invoke(home, ["review"], "3\n", now=later)
    assert result.exit_code == 0, result.stderr


def test_restore_checks_the_backup_first_and_changes_nothing_if_it_is_damaged(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    (name,) = names(home)
    data = bytearray((home / "backups" / name).read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = os.urandom(4096)
    (home / "backups" / name).write_bytes(bytes(data))
    before = state(home)
    listing = sorted(p.name for p in home.iterdir())
    result = invoke(home, ["backup", "restore", name])
    line = one_error_line(result)
    assert result.exit_code == 2 and "damaged" in line and "nothing was changed" in line
    assert state(home) == before and sorted(p.name for p in home.iterdir()) == listing


def test_restore_refuses_while_another_session_has_the_database_open(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    (name,) = names(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM cards').fetchone(); print('open', flush=True); sys.stdin.read()",
         str(home / "progress.db")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = state(home)
        result = invoke(home, ["backup", "restore", name])
        assert result.exit_code == 2 and "open in another dltutor session" in one_error_line(result)
        assert state(home) == before
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert invoke(home, ["backup", "restore", name]).exit_code == 0


def test_restore_of_an_unknown_backup_names_the_ones_there_are(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    (name,) = names(home)
    result = invoke(home, ["backup", "restore", "../progress.db"])
    line = one_error_line(result)
    assert result.exit_code == 2 and "no backup named" in line and name in line


def test_restore_is_the_way_back_from_damage(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    (name,) = names(home)
    saved = dump(home / "backups" / name)
    data = bytearray((home / "progress.db").read_bytes())
    data[8192:8192 + 4096] = b"\x00" * 4096
    (home / "progress.db").write_bytes(bytes(data))
    damaged = (home / "progress.db").read_bytes()
    line = one_error_line(invoke(home, ["stats"]))
    assert f"dltutor backup restore {name}" in line
    result = invoke(home, ["backup", "restore", name])
    assert result.exit_code == 0, result.stderr
    assert dump(home / "progress.db") == saved
    assert (home / f"progress.db.replaced-{NOW:%Y%m%d-%H%M%S}").read_bytes() == damaged  # kept, byte for byte
    assert invoke(home, ["stats"]).exit_code == 0


def test_a_new_database_is_never_made_beside_an_orphaned_wal(tmp_path, learner):
    home = copy_home(learner, tmp_path / "home")
    # A -wal with pages whose database is gone (moved by hand, or a restore cut short).
    conn = sqlite3.connect(home / "progress.db", isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('x', 'y')")
    wal = (home / "progress.db-wal").read_bytes()
    conn.close()
    (home / "progress.db").unlink()
    (home / "progress.db-wal").write_bytes(wal)
    result = invoke(home, ["review"], "3\n")
    assert result.exit_code == 2 and "journal progress.db-wal" in one_error_line(result)
    assert not (home / "progress.db").exists() and (home / "progress.db-wal").read_bytes() == wal


def test_backup_list_with_none_says_how_they_come(tmp_path):
    result = invoke(tmp_path, ["backup", "list"])
    assert result.exit_code == 0 and "No backups yet" in result.stdout
    assert json.loads(invoke(tmp_path, ["backup", "list", "--json"]).stdout) == []
    result = invoke(tmp_path, ["backup", "now"])
    assert result.exit_code == 2 and "nothing to back up" in one_error_line(result)


def test_copies_cut_short_by_a_kill_are_removed_by_the_next_session(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # a process that is gone
    leftovers = [home / f".progress.db.{dead}.new", home / f".progress.db.{dead}.new-wal",
                 home / "backups" / f".progress-20250612-120000.db.{dead}.new"]
    for p in leftovers:
        p.write_bytes(b"half a copy")
    mine = home / "backups" / f".progress-20250612-120000.db.{os.getpid()}.new"  # a live process's: kept
    mine.write_bytes(b"in progress")
    assert invoke(home, ["review"], "3\n").exit_code == 0  # the day's first write: a backup too
    assert [p for p in leftovers if p.exists()] == [] and mine.exists()
