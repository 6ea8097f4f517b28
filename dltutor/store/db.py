"""Opening the progress database: create it whole or not at all, refuse what we cannot trust.

A new database is built beside its final name, migrated, and linked into place in one step, so a
killed first run never leaves a half-made file. An existing file is checked before anything is
written to it (magic bytes, size against its header, application id, migrations we do not know):
a corrupt, truncated or newer database gets one line saying so, and the file is left as it was.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dltutor.errors import DltutorError

DB_NAME = "progress.db"
APPLICATION_ID = 0x646C7475  # "dltu": marks the file as ours, readable with `PRAGMA application_id`
BUSY_TIMEOUT_MS = 10_000
_MAGIC = b"SQLite format 3\x00"


class DatabaseError(DltutorError):
    """The progress database cannot be used as it is; the message says why and what to do."""


def db_path() -> Path:
    from dltutor.paths import data_dir

    return data_dir() / DB_NAME


def _refuse(path: Path, why: str, todo: str) -> DatabaseError:
    return DatabaseError(f"{path}: {why}; dltutor left it untouched. {todo}")


def _check_header(path: Path) -> None:
    """Magic bytes and the page count in the header against the file's real size."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the progress database ({exc.strerror})") from None
    move = f"Move it aside (e.g. to {path.name}.bad) to start afresh, or restore a backup."
    if len(header) < 100 or not header.startswith(_MAGIC):
        what = "is empty" if size == 0 else "is not an SQLite database (corrupt or overwritten)"
        raise _refuse(path, f"the progress database {what}", move)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    wal = path.with_name(path.name + "-wal")
    # A checkpoint cut short by a kill may leave the file shorter than its header says; the WAL
    # still holds those pages and SQLite finishes the job, so only judge the size without one.
    pending = wal.exists() and wal.stat().st_size > 0
    if page_size < 512 or (not pending and (size % page_size or size < pages * page_size)):
        raise _refuse(path, "the progress database is truncated or damaged", move)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cell_size_check = ON")  # notice damaged pages early instead of writing past them


def _create(path: Path) -> None:
    """Build a fully migrated database at a temporary name and link it into place atomically."""
    from dltutor.store.migrations import migrate

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        _configure(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    finally:
        conn.close()  # the last close checkpoints and removes the -wal file
    try:
        os.link(tmp, path)  # fails if another session created it first: then theirs stands
    except FileExistsError:
        pass
    except OSError:  # a filesystem without hard links
        if not path.exists():
            os.replace(tmp, path)
    tmp.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_abandoned_builds(path: Path) -> None:
    """A first run killed while building its database leaves `.progress.db.<pid>.new*` behind."""
    try:
        leftovers = list(path.parent.glob(f".{path.name}.*.new*"))
    except OSError:
        return
    for leftover in leftovers:
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def connect(path: Path | None = None) -> sqlite3.Connection:
    """An open, migrated connection in autocommit mode; use `atomic` for each unit of work."""
    from dltutor.store.migrations import check_known, migrate

    path = path or db_path()
    if path.parent.is_dir():
        _remove_abandoned_builds(path)
    if not path.exists():
        try:
            _create(path)
        except OSError as exc:
            raise DatabaseError(f"cannot create the progress database {path}: {exc.strerror or exc}") from None
    _check_header(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise _refuse(path, f"cannot open the progress database ({exc})", "Check its permissions.") from None
    try:
        _configure(conn)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise _refuse(path, "this SQLite file is not a dltutor progress database",
                          "Point DLTUTOR_HOME elsewhere or move the file aside.")
        check_known(conn, path)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous=NORMAL survives a killed process (the OS still holds the write);
        # FULL also survives a power cut, for about a millisecond per rating.
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _refuse(path, f"the progress database is damaged ({exc})",
                      f"Move it aside (e.g. to {path.name}.bad) to start afresh, or restore a backup.") from None
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One unit of work: BEGIN IMMEDIATE ... COMMIT, rolled back whole if anything fails.

    IMMEDIATE takes the write lock up front, so two sessions queue on the busy timeout instead of
    failing with "database is locked" when a read turns into a write.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
