"""The progress database: its schema, migrations on an old file, and refusing what it cannot trust."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.store import db, migrations

EXPECTED_TABLES = {
    "_migrations": ["name", "applied_at"],
    "cards": ["id", "key", "lecture", "kind", "ord", "front", "back", "created_at", "state", "step", "stability",
              "difficulty", "due", "last_review", "reps", "lapses", "priority", "suspended", "leech", "retired"],
    "review_log": ["id", "card_id", "rating", "reviewed_at", "duration_ms", "state_before", "session", "before",
                   "after", "recall"],
    "meta": ["key", "value"],
    "quiz_attempts": ["id", "started_at", "finished_at", "scope", "types", "seed", "planned"],
    "quiz_answers": ["id", "attempt_id", "position", "item_key", "lecture", "type", "question", "response",
                     "verdict", "score", "key_points_hit", "key_points_missed", "overridden", "answered_at"],
    "essay_drafts": ["id", "lecture", "prompt", "text", "saved_at", "words", "checklist", "origin", "done_at"],
    "practice_answers": ["id", "session", "position", "kind", "lecture", "seed", "params", "question", "response",
                         "expected", "verdict", "slip", "answered_at"],
    "activity": ["id", "kind", "subject", "at", "via"],
}


def _columns(conn, table):
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _digest(path):
    """Every file's bytes, except what a read-only open of a WAL database may add: the shared-memory
    index (-shm) and an empty -wal (no pages), which SQLite needs to read safely beside a session."""
    out = {}
    for p in path.parent.iterdir():
        data = p.read_bytes()
        if p.name.endswith("-shm") or (p.name.endswith("-wal") and not data):
            continue
        out[p.name] = hashlib.sha256(data).hexdigest()
    return out


def test_new_database_has_the_exact_schema_and_records_every_migration(tmp_path):
    conn = db.connect(tmp_path / "p.db")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(EXPECTED_TABLES)
    for table, columns in EXPECTED_TABLES.items():
        assert _columns(conn, table) == columns, table
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == \
        [fn.__name__ for fn in migrations.MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    # Nothing half-made is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p.db")) == []


def test_connecting_again_applies_nothing_new(tmp_path):
    db.connect(tmp_path / "p.db").close()
    conn = db.connect(tmp_path / "p.db")
    assert migrations.migrate(conn) == []


def _old_database(path):
    """A database as the first release wrote it: only m001, with a card that was reviewed."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    assert migrations.migrate(conn, upto=1) == ["m001_cards_and_reviews"]
    conn.execute("INSERT INTO cards (key, lecture, kind, created_at, due, reps, state, stability) "
                 "VALUES ('lecture-3/glossary/learning-rate/term-to-definition', 'lecture-3', 'term-to-definition', "
                 "'2026-01-01T09:00:00.000000Z', '2026-01-20T09:00:00.000000Z', 2, 2, 5.0)")
    conn.execute("INSERT INTO review_log (card_id, rating, reviewed_at, state_before, before) "
                 "VALUES (1, 3, '2026-01-01T09:00:00.000000Z', 0, '{}')")
    conn.close()


def test_migrations_upgrade_an_old_database_and_keep_its_history(tmp_path):
    path = tmp_path / "p.db"
    _old_database(path)
    conn = db.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == \
        [fn.__name__ for fn in migrations.MIGRATIONS]
    assert conn.execute("SELECT key, reps, stability FROM cards").fetchall() == \
        [("lecture-3/glossary/learning-rate/term-to-definition", 2, 5.0)]
    assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1
    assert _columns(conn, "quiz_answers") == EXPECTED_TABLES["quiz_answers"]


def test_a_failing_migration_leaves_neither_its_tables_nor_its_record(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    _old_database(path)

    def m002_broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], m002_broken])
    with pytest.raises(RuntimeError):
        db.connect(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations")] == ["m001_cards_and_reviews"]


def _refused(path, *needles):
    before = _digest(path)
    with pytest.raises(db.DatabaseError) as info:
        db.connect(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "untouched" in message
    for needle in needles:
        assert needle in message
    assert _digest(path) == before  # byte for byte, and no page added to a -wal
    return message


def _real_database(path, cards=400):
    conn = db.connect(path)
    with db.atomic(conn):
        for i in range(cards):
            conn.execute("INSERT INTO cards (key, kind, created_at, due, front, back) VALUES (?, 'own', ?, ?, ?, ?)",
                         (f"own/{i}", "2026-01-01T09:00:00.000000Z", "2026-01-01T09:00:00.000000Z", "x" * 200, "y" * 200))
    conn.close()
    assert not (path.parent / (path.name + "-wal")).exists()


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    _real_database(path, cards=1)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO _migrations VALUES ('m099_from_the_future', '2030-01-01')")
    conn.close()
    _refused(path, "newer dltutor", "m099_from_the_future", "Upgrade")


def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(os.urandom(8192))
    _refused(path, "not an SQLite database")


def test_empty_file_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_truncated_database_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    _real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "truncated")


def test_damaged_pages_are_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    _real_database(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page: 3 * page] = os.urandom(2 * page)  # the schema's pages after the first
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_someone_elses_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text)")
    other.commit()
    other.close()
    _refused(path, "not a dltutor progress database")


@pytest.mark.parametrize("command", [["stats"], ["review"], ["quiz", "lecture-1"], ["cards", "list"]])
def test_commands_on_a_corrupt_database_say_one_line_and_exit_2(tmp_path, monkeypatch, command):
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path))
    path = tmp_path / "progress.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    before = path.read_bytes()
    result = CliRunner().invoke(app, command, input="")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dltutor: error: ") and "progress.db" in lines[0]
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_first_run_creates_the_database_in_the_data_directory_when_it_writes(tmp_path, monkeypatch):
    home = tmp_path / "new" / "home"
    monkeypatch.setenv("DLTUTOR_HOME", str(home))
    # A command that only reads creates nothing: it shows an empty progress.
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert '"reviews_total": 0' in result.output and not (home / "progress.db").exists()
    result = CliRunner().invoke(app, ["cards", "add", "--front", "Q?", "--back", "A."])
    assert result.exit_code == 0, result.output
    assert (home / "progress.db").is_file()
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".")) == []


def test_a_database_without_its_migration_record_is_refused_and_not_given_one(tmp_path):
    # The case: `_migrations` was created in it, then it was refused as "damaged ... untouched".
    path = tmp_path / "p.db"
    _real_database(path, cards=3)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE _migrations")
    conn.close()
    message = _refused(path, "no record of its migrations")
    assert "damaged" not in message
    check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert check.execute("SELECT count(*) FROM sqlite_master WHERE name = '_migrations'").fetchone() == (0,)
    check.close()


def test_migrations_write_nothing_to_a_database_that_is_up_to_date(tmp_path):
    path = tmp_path / "p.db"
    _real_database(path, cards=3)
    before = path.read_bytes()
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.pending(conn) == [] and migrations.migrate(conn) == []
    assert conn.total_changes == 0
    conn.close()
    assert path.read_bytes() == before


def test_a_new_migration_is_one_function(tmp_path, monkeypatch):
    # Other tables (practice results, essays) arrive as one more decorated function.
    path = tmp_path / "p.db"
    _real_database(path, cards=1)

    def m099_practice(conn):
        conn.execute("CREATE TABLE practice (id INTEGER PRIMARY KEY, result TEXT)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m099_practice])
    conn = db.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")][-1] == "m099_practice"
    assert ("table", "practice") in migrations.expected_objects()
    conn.close()
    db.connect(path).close()  # and the schema check knows it


def test_a_command_that_reads_works_on_a_file_an_older_dltutor_wrote_and_leaves_it_as_it_was(tmp_path):
    # m001 only: no quiz, essay, practice or activity tables. `next` and `stats` read a migrated copy in memory.
    home = tmp_path / "home"
    home.mkdir()
    _old_database(home / "progress.db")
    def files():  # the database, and its WAL's pages (SQLite may leave an empty WAL and its index beside it)
        wal = home / "progress.db-wal"
        return hashlib.sha256((home / "progress.db").read_bytes()).hexdigest(), wal.exists() and wal.stat().st_size

    before = files()
    assert before[1] in (False, 0)
    runner = CliRunner()
    for args in (["next", "--json"], ["stats", "--json"]):
        result = runner.invoke(app, args, env={"DLTUTOR_HOME": str(home)})
        assert result.exit_code == 0, result.output
    assert files() == before
    conn = sqlite3.connect(home / "progress.db")
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations")] == ["m001_cards_and_reviews"]


def test_m005_gives_earlier_quiz_answers_their_points_as_score(tmp_path):
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    migrations.migrate(conn, upto=4)
    conn.execute("INSERT INTO quiz_attempts (started_at, scope, types, planned) VALUES ('t', 'lecture-3', 'short', 3)")
    for position, (verdict, share) in enumerate((("right", 0.75), ("partial", 0.5), ("wrong", 0.25)), start=1):
        # Scores as earlier releases wrote them: the share of key points made, whatever the verdict.
        conn.execute("INSERT INTO quiz_answers (attempt_id, position, item_key, lecture, type, question, response, "
                     "verdict, score, key_points_hit, key_points_missed, answered_at) VALUES (1, ?, 'k', 'lecture-3', "
                     "'short', 'q', 'r', ?, ?, '[]', '[]', 't')", (position, verdict, share))
    conn.close()
    conn = db.connect(path)
    assert conn.execute("SELECT verdict, score FROM quiz_answers ORDER BY position").fetchall() == [
        ("right", 1.0), ("partial", 0.5), ("wrong", 0.0)]


def test_m006_keeps_every_quiz_answer_and_lets_a_skip_be_recorded(tmp_path):
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    migrations.migrate(conn, upto=5)
    conn.execute("INSERT INTO quiz_attempts (started_at, scope, types, planned) VALUES ('t', 'lecture-3', 'short', 3)")
    columns = ("id, attempt_id, position, item_key, lecture, type, question, response, verdict, score, "
               "key_points_hit, key_points_missed, overridden, answered_at")
    rows = [(7 + i, 1, i + 1, f"k{i}", "lecture-3", "short", "q", "r", v, s, '["a"]', "[]", i % 2, "t")
            for i, (v, s) in enumerate((("right", 1.0), ("partial", 0.5), ("wrong", 0.0)))]
    conn.executemany(f"INSERT INTO quiz_answers ({columns}) VALUES ({', '.join('?' * 14)})", rows)

    def answer(c, position, verdict):
        c.execute(f"INSERT INTO quiz_answers ({columns}) VALUES (NULL, 1, ?, 'k', 'lecture-3', 'short', 'q', '', ?, 0, "
                  "'[]', '[]', 0, 't')", (position, verdict))

    with pytest.raises(sqlite3.IntegrityError):
        answer(conn, 9, "skipped")  # before m006: refused
    conn.close()
    conn = db.connect(path)
    assert conn.execute(f"SELECT {columns} FROM quiz_answers ORDER BY id").fetchall() == rows
    answer(conn, 9, "skipped")
    with pytest.raises(sqlite3.IntegrityError):  # the CHECK still refuses anything else
        answer(conn, 10, "maybe")
    with pytest.raises(sqlite3.IntegrityError):  # and a position twice in one attempt
        answer(conn, 9, "wrong")
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quiz_answers' "
                                          "AND sql IS NOT NULL")}
    assert indexes == {"quiz_answers_lecture", "quiz_answers_item"}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
