"""Damage inside the database: every command refuses it in one line, before writing, naming the backup.

Each case damages a copy of a learner's data directory (two weeks of ratings, a quiz, an own card and
one backup): a page of each table and each index, the WAL (a truncated file beside a WAL with pages,
a WAL carrying a damaged page with valid checksums), truncations, and bit flips over many seeds.
Whether a file is damaged is SQLite's own verdict (`PRAGMA integrity_check` on a copy of the files),
computed in the test. Every command (and the app's start) then exits 2 with one line that names the
file and the backup to restore, and the database and the pages of its WAL are byte for byte as they
were. Commands run in-process, so the many cases stay quick.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
from datetime import timedelta

import pytest
from storekit import (NOW, build_home, cell_pointer_past_the_end, copy_home, entry_changed, invoke, one_error_line,
                      pages, sqlite_says_damaged, state, write_page)

COMMANDS = [
    (["stats"], ""), (["stats", "--json"], ""), (["cards", "list"], ""), (["cards", "list", "--due"], ""),
    (["review"], "3\n3\n1\n"), (["quiz", "lecture-3", "--seed", "1"], "a rule\nB\n"),
    (["cards", "add", "--front", "Q?", "--back", "A."], ""), (["cards", "suspend", "1"], ""),
    (["backup", "now"], ""), (["review", "--optimize"], ""),
    (["next"], ""), (["next", "--json"], ""), (["essay", "list"], ""), (["essay", "3", "2"], "More text.\n"),
    (["essay", "export", "3", "2"], ""),
]


@pytest.fixture(scope="module")
def learner(tmp_path_factory, course, simulator):
    return build_home(tmp_path_factory.mktemp("learner") / "home", course, simulator)


def refused_by_everything(home, *, app=True) -> None:
    """Every command: exit 2, one line naming the file and a backup to restore, bytes unchanged."""
    before = state(home)
    for args, stdin in COMMANDS:
        result = invoke(home, args, stdin)
        line = one_error_line(result)
        assert result.exit_code == 2, (args, line)
        assert str(home / "progress.db") in line, (args, line)
        assert "dltutor backup restore progress-" in line, (args, line)
        assert state(home) == before, (args, line)
    if app:
        from dltutor.tui.launch import build_app
        from dltutor.store.db import DatabaseError

        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("DLTUTOR_HOME", str(home))
            mp.setenv("DLTUTOR_NOW", NOW.isoformat())
            with pytest.raises(DatabaseError, match="dltutor backup restore progress-"):
                build_app()
        assert state(home) == before


def _objects(learner):
    size, found = pages(learner / "progress.db")
    return size, found


def _cases():
    # (object kind, damage): every table and index gets its cell pointer broken; indexes also an entry changed.
    from dltutor.store.migrations import expected_objects

    objects = sorted(expected_objects())
    cases = [(kind, name, "cell pointer past the end") for kind, name in objects]
    cases += [(kind, name, "an entry changed") for kind, name in objects if kind == "index"]
    return cases


@pytest.mark.parametrize("kind, name, damage", _cases(), ids=lambda v: str(v).replace(" ", "-"))
def test_page_damage_in_each_table_and_index_is_refused_everywhere(learner, tmp_path, kind, name, damage):
    home = copy_home(learner, tmp_path / "home")
    size, found = _objects(home)
    assert name in found, f"{name} has no pages"
    leaves = [n for n, t in found[name] if t == "leaf"] or [n for n, _ in found[name]]
    change = cell_pointer_past_the_end if damage == "cell pointer past the end" else entry_changed
    write_page(home / "progress.db", size, leaves[len(leaves) // 2], change)
    assert sqlite_says_damaged(home, tmp_path / "oracle"), f"the {damage} in {name} did not damage the file"
    refused_by_everything(home)


def test_every_table_and_index_is_big_enough_to_damage(learner):
    # The cases above cover what the migrations make; each must hold rows, or "damage" means little.
    size, found = _objects(learner)
    conn = sqlite3.connect(learner / "progress.db")
    empty = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
             if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0]
    conn.close()
    assert empty == []
    assert len([n for n, t in found["review_log"] if t == "leaf"]) > 3


# --- the WAL ------------------------------------------------------------------------------------

def _killed_session(home, ratings=40):
    """A session's ratings still in the WAL, as a SIGKILL leaves them (the files copied while it is open)."""
    from dltutor.store import db, progress
    from dltutor.study.session import rate_card

    conn = db.connect(home / "progress.db")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(ratings):
        card = progress.next_card(conn, NOW, progress.Limits(new_per_day=1000))
        rate_card(conn, card.id, 3, NOW + timedelta(seconds=i))
    shutil.copyfile(home / "progress.db", home / "kept.db")
    shutil.copyfile(home / "progress.db-wal", home / "kept.db-wal")
    conn.close()
    (home / "progress.db").unlink()
    (home / "kept.db").rename(home / "progress.db")
    (home / "kept.db-wal").rename(home / "progress.db-wal")
    for leftover in home.glob("progress.db-shm"):
        leftover.unlink()


def _wal_checksum(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _damage_wal_frame(wal_path, page_size, frame_for) -> None:
    """Change one frame's page image and re-sign every frame, as a WAL that SQLite will trust (SQLite's
    documented cumulative checksum: the header's, then each frame's 8 header bytes and its page)."""
    data = bytearray(wal_path.read_bytes())
    big = struct.unpack(">I", data[0:4])[0] == 0x377F0683
    s0, s1 = struct.unpack(">II", data[24:32])
    frames = (len(data) - 32) // (24 + page_size)
    target = frame_for([struct.unpack(">I", data[32 + k * (24 + page_size):][:4])[0] for k in range(frames)])
    for k in range(frames):
        at = 32 + k * (24 + page_size)
        page = data[at + 24:at + 24 + page_size]
        if k == target:
            page = bytearray(page)
            cell_pointer_past_the_end(page, 0)
            data[at + 24:at + 24 + page_size] = page
        s0, s1 = _wal_checksum(bytes(data[at:at + 8]), s0, s1, big)
        s0, s1 = _wal_checksum(bytes(data[at + 24:at + 24 + page_size]), s0, s1, big)
        data[at + 16:at + 24] = struct.pack(">II", s0, s1)
    wal_path.write_bytes(bytes(data))


def test_a_healthy_wal_left_by_a_killed_session_is_read_not_refused(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    in_file = sqlite3.connect(home / "progress.db").execute("SELECT count(*) FROM review_log").fetchone()[0]
    _killed_session(home)
    assert not sqlite_says_damaged(home, tmp_path / "oracle")
    result = invoke(home, ["stats", "--json"])
    assert result.exit_code == 0, result.stderr
    import json

    assert json.loads(result.stdout)["reviews_total"] == in_file + 40  # the WAL's ratings are counted


def test_a_truncated_file_beside_a_wal_is_refused_and_nothing_is_merged(learner, tmp_path):
    # The case: SQLite merged the WAL into a truncated file (69,632 -> 139,264 bytes) and the
    # message said "left it untouched". Now the file is judged read-only and nothing is merged.
    home = copy_home(learner, tmp_path / "home")
    _killed_session(home)
    data = (home / "progress.db").read_bytes()
    (home / "progress.db").write_bytes(data[: len(data) // 2])
    assert sqlite_says_damaged(home, tmp_path / "oracle")
    size = (home / "progress.db").stat().st_size
    refused_by_everything(home)
    assert (home / "progress.db").stat().st_size == size


def test_a_damaged_page_inside_the_wal_is_refused(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    _killed_session(home)
    page_size = sqlite3.connect(home / "progress.db").execute("PRAGMA page_size").fetchone()[0]
    size, found = pages(home / "progress.db")
    log_pages = {n for n, _ in found["review_log"]}
    # The last frame holding a review_log page: the newest image of that page, the one SQLite reads.
    _damage_wal_frame(home / "progress.db-wal", page_size,
                      lambda numbers: max(k for k, n in enumerate(numbers) if n in log_pages))
    assert sqlite_says_damaged(home, tmp_path / "oracle")
    refused_by_everything(home)


# --- truncation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("keep", ["half", "one page short", "header only", "nothing"])
def test_a_truncated_file_is_refused(learner, tmp_path, keep):
    home = copy_home(learner, tmp_path / "home")
    data = (home / "progress.db").read_bytes()
    page = int.from_bytes(data[16:18], "big")
    cut = {"half": len(data) // 2, "one page short": len(data) - page, "header only": 100, "nothing": 0}[keep]
    (home / "progress.db").write_bytes(data[:cut])
    assert sqlite_says_damaged(home, tmp_path / "oracle") or cut == 0
    refused_by_everything(home, app=keep == "half")


# --- bit flips ------------------------------------------------------------------------------------

SEEDS = range(40)


def test_bit_flips_are_refused_whenever_sqlite_finds_damage(learner, tmp_path):
    """The issue's fuzz: 20 of 24 reviews and 22 of 24 quizzes wrote into files integrity_check calls
    corrupt. Now every such file is refused untouched; a flip SQLite cannot see (in free space or a
    stored value) may go on, but never with a traceback."""
    damaged = 0
    for seed in SEEDS:
        rng = random.Random(seed)
        home = copy_home(learner, tmp_path / f"home-{seed}")
        data = bytearray((home / "progress.db").read_bytes())
        for _ in range(rng.randint(1, 4)):
            spot = rng.randrange(len(data))
            data[spot] ^= 1 << rng.randrange(8)
        (home / "progress.db").write_bytes(bytes(data))
        is_damaged = sqlite_says_damaged(home, tmp_path / "oracle")
        damaged += is_damaged
        for args, stdin in (["review"], "3\n3\n"), (["quiz", "lecture-3", "--seed", "2"], "a\nb\n"), (["stats"], ""):
            before = state(home)
            result = invoke(home, args, stdin)
            assert "Traceback" not in result.stderr and (result.exception is None
                                                         or isinstance(result.exception, SystemExit)), \
                (seed, args, repr(result.exception))
            if is_damaged:
                line = one_error_line(result)
                assert result.exit_code == 2 and "dltutor backup restore progress-" in line, (seed, args, line)
            if result.exit_code == 2:
                one_error_line(result)
                assert state(home) == before, (seed, args)
            else:
                assert result.exit_code == 0, (seed, args, result.stderr)
        shutil.rmtree(home)
    assert damaged >= len(SEEDS) // 4  # enough of the flips did damage for this to mean something


# --- the repros -------------------------------------------------------------------------

def test_stats_on_a_changed_meta_index_entry_neither_exits_0_nor_writes(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    size, found = pages(home / "progress.db")
    write_page(home / "progress.db", size, found["sqlite_autoindex_meta_1"][0][0], entry_changed)
    before = state(home)
    result = invoke(home, ["stats"])
    assert result.exit_code == 2 and "damaged" in one_error_line(result)
    assert state(home) == before
    conn = sqlite3.connect(f"file:{home / 'progress.db'}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM meta NOT INDEXED WHERE key = 'course_cards'").fetchone()[0] == 1
    conn.close()


def test_a_review_log_cell_pointer_past_its_page_gives_one_line_not_a_traceback(learner, tmp_path):
    home = copy_home(learner, tmp_path / "home")
    size, found = pages(home / "progress.db")
    write_page(home / "progress.db", size, found["review_log"][-1][0], cell_pointer_past_the_end)
    for args in (["stats"], ["review"]):
        result = invoke(home, args, "3\n")
        line = one_error_line(result)
        assert result.exit_code == 2 and "malformed" in line or "damaged" in line, line


def test_a_session_open_into_a_new_day_checks_the_file_again_before_writing(learner, tmp_path, course):
    from dltutor.store.db import DatabaseError, atomic
    from dltutor.study.store import open_store

    home = copy_home(learner, tmp_path / "home")
    moment = [NOW]
    conn = open_store(course, write=True, path=home / "progress.db", clock=lambda: moment[0])
    with atomic(conn):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('day', '1')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the day's writes are in the file itself
    size, found = pages(home / "progress.db")
    leaf = next(n for n, kind in found["sqlite_autoindex_cards_1"] if kind == "leaf")
    write_page(home / "progress.db", size, leaf, entry_changed)  # disk rot under the open session
    assert sqlite_says_damaged(home, tmp_path / "oracle")
    with atomic(conn):  # the same day: this morning's check stands (unnoticed until tomorrow's)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('day', '1 again')")
    before = state(home)
    moment[0] = NOW + timedelta(days=1)
    with pytest.raises(DatabaseError, match="damaged.*dltutor backup restore progress-"):
        with atomic(conn):
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('day', '2')")
    assert state(home) == before
    conn.close()
