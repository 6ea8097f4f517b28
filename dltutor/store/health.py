"""Is this file a sound dltutor database? Every check here reads only, through a read-only open.

A file is judged before anything is written to it: its header (magic bytes, size against the page
count), its application id, its migrations (none unknown, and a record of them if it has tables),
its schema (every table and index the migrations make), and SQLite's own check of every page.
The page check is `integrity_check` where it fits the time budget and `quick_check` beyond
(measured on 2 cores, warm cache: integrity_check ~5.4 ms/MB, quick_check ~0.7 ms/MB; the 412 MB
database of bench/study_speed.py takes 2.2 s and 0.30 s). quick_check checks every page's
structure but not that indexes agree with their tables.

A read-only open of a WAL database needs its shared-memory index (`-shm`): SQLite creates it and
an empty `-wal` when the folder is writable (the database file itself is never written). In a
read-only folder without them, the file is complete on its own (no `-wal` holds newer pages), so
it is read as immutable; a `-wal` with pages in a read-only folder cannot be read honestly and is
refused.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dltutor.store import migrations

APPLICATION_ID = 0x646C7475  # "dltu": marks the file as ours, readable with `PRAGMA application_id`
BUSY_TIMEOUT_MS = 10_000
MAGIC = b"SQLite format 3\x00"
MB = 1 << 20
# Which page check fits: a command that only reads has ~0.1 s to spare, a session that writes ~0.5 s.
INTEGRITY_UPTO = {"read": 16 * MB, "write": 96 * MB}
QUICK_UPTO = {"read": 128 * MB, "write": None}  # None: always; beyond a reader's limit, no page check


@dataclass
class Unsound(Exception):
    """Why a file cannot be used: `kind` (damaged, empty, foreign, newer, unrecorded, wal-unreadable) and `why`."""

    kind: str
    why: str


def companions(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def size_of(path: Path) -> int:
    """The bytes SQLite reads: the file and its WAL."""
    wal = companions(path)[0]
    try:
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    except OSError:
        return 0


def uri(path: Path, **params: str) -> str:
    # Percent-encode what a URI would otherwise read as its own syntax.
    text = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{text}?" + "&".join(f"{k}={v}" for k, v in params.items())


def configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cell_size_check = ON")  # notice damaged pages early instead of writing past them


def check_header(path: Path) -> None:
    """Magic bytes and the page count in the header against the file's real size."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(MAGIC):
        if size == 0:
            raise Unsound("empty", "the progress database is empty")
        raise Unsound("damaged", "the progress database is not an SQLite database (corrupt or overwritten)")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    wal = companions(path)[0]
    # A checkpoint cut short by a kill may leave the file shorter than its header says while the WAL
    # still holds those pages: with a WAL beside it, the page check below is the judge.
    pending = wal.exists() and wal.stat().st_size > 0
    if page_size < 512 or page_size & (page_size - 1) or (
            not pending and (size % page_size or size < pages * page_size)):
        raise Unsound("damaged", "the progress database is truncated or damaged")


def open_read_only(path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
    """A read-only connection that reads everything committed, or Unsound if that cannot be done."""
    conn = sqlite3.connect(uri(path, mode="ro"), uri=True, isolation_level=None, factory=factory)
    try:
        configure(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        # The -shm could not be made: a read-only folder (SQLITE_READONLY_DIRECTORY, _CANTINIT, CANTOPEN).
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
            raise
    wal = companions(path)[0]
    if wal.exists() and wal.stat().st_size > 0:
        raise Unsound("wal-unreadable", f"{wal.name} holds changes not yet in {path.name}, and SQLite cannot read "
                                        "them without creating its index file in this read-only folder")
    conn = sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None, factory=factory)
    configure(conn)
    return conn


@lru_cache(maxsize=8)
def _expected(names: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset(migrations.expected_objects(names))


def check_schema(conn: sqlite3.Connection) -> None:
    """Application id, migrations and schema, without writing."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if app_id != APPLICATION_ID:
        raise Unsound("foreign", "this SQLite file is not a dltutor progress database")
    applied = migrations.applied(conn)
    if applied is None:
        if tables:
            raise Unsound("unrecorded", f"the progress database has tables ({', '.join(sorted(tables)[:3])}) "
                                        "but no record of its migrations (_migrations is missing)")
        return
    newer = migrations.unknown(conn)
    if newer:
        raise Unsound("newer", f"the progress database was written by a newer dltutor (it has migration {newer[0]})")
    present = set(conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')"))
    missing = sorted(_expected(tuple(applied)) - present)
    if missing:
        raise Unsound("damaged", f"the progress database is damaged (its {missing[0][0]} {missing[0][1]} is missing)")


def check_pages(conn: sqlite3.Connection, size: int, purpose: str) -> str | None:
    """SQLite's page check within the time budget of `purpose` ("read" or "write"); what it found, or None."""
    if size <= INTEGRITY_UPTO[purpose]:
        pragma = "integrity_check(3)"
    elif QUICK_UPTO[purpose] is None or size <= QUICK_UPTO[purpose]:
        pragma = "quick_check(3)"
    else:
        return None
    found = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    if found == ["ok"]:
        return None
    text = " ".join(" ".join(found).split()).replace("*** in database main *** ", "")
    return text if len(text) <= 120 else text[:119] + "…"


def inspect(path: Path, purpose: str, factory: type[sqlite3.Connection] = sqlite3.Connection, *,
            header: bool = True) -> sqlite3.Connection:
    """A read-only connection to `path` once every check passed; Unsound (the file unchanged) otherwise.

    `header=False` while this process has the file open in SQLite: reading the header closes a file
    descriptor of ours, and POSIX then drops every lock this process holds on the file, SQLite's too.
    (SQLite's own opens share its descriptors and are safe.)
    """
    if header:
        check_header(path)
    try:
        conn = open_read_only(path, factory)
    except sqlite3.DatabaseError as exc:
        raise _damage(exc) from None
    try:
        check_schema(conn)
        found = check_pages(conn, size_of(path), purpose)
        if found:
            raise Unsound("damaged", f"the progress database is damaged ({found})")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damage(exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


# Failures that say nothing about the file's contents: a lock, the disk, memory, permissions.
_NOT_DAMAGE = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
               sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_INTERRUPT,
               sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}


def _damage(exc: sqlite3.DatabaseError) -> BaseException:
    if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _NOT_DAMAGE:
        return exc
    return Unsound("damaged", f"the progress database is damaged ({exc})")
