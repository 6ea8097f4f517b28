"""Opening the progress database: create it whole or not at all, judge it before writing, one door for writes.

A new database is built beside its final name, migrated, and linked into place in one step, so a
killed first run never leaves a half-made file (and a failed one removes what it made). An
existing file is judged through a read-only connection first (`health`): header, application id,
migrations, schema and SQLite's page check. Only a file that passes is opened for writing; one
that fails gets one line saying what is wrong, that it was left untouched (when its bytes are
as they were), and which backup restores it. Commands that only read keep the read-only
connection and never write.

Every write goes through `atomic`, which lets the session's `backup.Keeper` back up first (before
the first write of a study day, and every 30 minutes) and turns any SQLite failure into one true
line (`explain`): a full disk, a read-only file, a lock held too long, or damage, confirmed by
checking the file before it is called damaged.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dltutor.store import health, migrations
from dltutor.store.errors import DatabaseError

DB_NAME = "progress.db"
APPLICATION_ID = health.APPLICATION_ID
BUSY_TIMEOUT_MS = health.BUSY_TIMEOUT_MS

__all__ = ["APPLICATION_ID", "BUSY_TIMEOUT_MS", "DB_NAME", "DatabaseError", "StoreConnection", "atomic", "connect",
           "db_path", "explain", "open_db"]


class StoreConnection(sqlite3.Connection):
    """A connection that knows its file, whether it may write, and who guards its writes."""

    path: Path | None = None
    read_only: bool = True
    keeper = None  # backup.Keeper for a writing session


class UnreadableValue(sqlite3.DataError):
    """A stored value that cannot be read back (a time written by a clock outside 1970-9000)."""


@dataclass
class _Open:
    signature: tuple
    wrote: bool = False


_opened: dict[Path, _Open] = {}  # what this process did to each file since it last opened it
_last: list[Path] = []


def db_path() -> Path:
    from dltutor.paths import data_dir

    return data_dir() / DB_NAME


def _signature(path: Path) -> tuple:
    """The file's and its WAL's size and mtime; an absent WAL and an empty one are the same (no pages)."""
    out = []
    for p in (path, health.companions(path)[0]):
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns) if st.st_size or p == path else None)
        except OSError:
            out.append(None)
    return tuple(out)


def _untouched(path: Path) -> bool:
    """True only if this process has not written to the file since opening it and its bytes look as they did."""
    seen = _opened.get(path)
    return seen is not None and not seen.wrote and seen.signature == _signature(path)


def _wrote(path: Path | None) -> None:
    if path is not None and path in _opened:
        _opened[path].wrote = True


# --- saying what is wrong ----------------------------------------------------------------------

_TODO = {
    "foreign": "Point DLTUTOR_HOME elsewhere or move the file aside.",
    "newer": "Upgrade dltutor (pip install -U dltutor) to use it.",
}


def refusal(path: Path, unsound: health.Unsound) -> DatabaseError:
    from dltutor.store.backup import restore_hint

    if unsound.kind in _TODO:
        todo = _TODO[unsound.kind]
    elif unsound.kind == "wal-unreadable":
        todo = f"Make {path.parent} writable, then run it again."
    else:
        todo = restore_hint(path)
    return DatabaseError(path, unsound.kind, unsound.why, todo, untouched=_untouched(path))


def _read_only(path: Path, target: Path) -> DatabaseError:
    what = "folder" if target == path.parent else "file"
    return DatabaseError(path, "read-only", f"the progress database's {what} {target} is read-only",
                         f"To save answers and ratings, make it writable (chmod u+w {target}); "
                         "the commands that only read (stats, cards list) still work.", untouched=_untouched(path))


def explain(exc: BaseException, path: Path | None = None) -> DatabaseError:
    """One true line for an SQLite failure on `path` (by default the database this process opened last)."""
    path = path or (_last[0] if _last else db_path())
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if isinstance(exc, DatabaseError):
        return exc
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return DatabaseError(path, "full", "the disk is full", "Free some space, then run it again.")
    if code == sqlite3.SQLITE_READONLY:
        return _read_only(path, path)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseError(path, "busy", f"another dltutor session kept the database locked for over "
                                           f"{BUSY_TIMEOUT_MS // 1000} s", "Finish that session, then run it again.")
    if code == sqlite3.SQLITE_CANTOPEN:
        return DatabaseError(path, "unreadable", f"the progress database cannot be opened ({exc})",
                             "Check that it and its folder can be read.", untouched=_untouched(path))
    if isinstance(exc, UnreadableValue):
        from dltutor.store.backup import restore_hint

        return DatabaseError(path, "damaged", f"the progress database holds {exc}", restore_hint(path),
                             untouched=_untouched(path))
    # Anything else may be damage: say so only if the file fails its check.
    try:
        health.inspect(path, "write", header=False).close()
        checked = "although the file passes its check"
    except health.Unsound as unsound:
        return refusal(path, unsound)
    except (OSError, sqlite3.Error) as again:
        checked = f"and the file could not be checked ({again})"
    what = "the disk reported an error" if code == sqlite3.SQLITE_IOERR else "SQLite failed"
    return DatabaseError(path, "unreadable", f"{what} ({exc}) {checked}",
                         "Run it again; if it happens again, please report it.", untouched=_untouched(path))


# --- creating ----------------------------------------------------------------------------------

def _create(path: Path) -> bool:
    """Build a fully migrated database at a temporary name and link it into place atomically.

    Returns False if another session created it first (theirs stands). On any failure nothing
    of ours is left behind.
    """
    wal = health.companions(path)[0]
    if wal.exists() and wal.stat().st_size > 0:
        # Its pages belong to a database that is gone: a new file must never meet them.
        raise DatabaseError(path, "orphan-wal", f"the progress database is missing but its journal {wal.name} "
                                                f"({wal.stat().st_size:,} bytes) is still there",
                            "Restore a backup (dltutor backup list), or move the journal aside to start afresh.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    leftovers = (tmp, *health.companions(tmp))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    made = True
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            health.configure(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.migrate(conn)
        finally:
            conn.close()  # the last close checkpoints and removes the -wal file
        try:
            os.link(tmp, path)  # fails if another session created it first: then theirs stands
        except FileExistsError:
            made = False
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                raise
            if not path.exists():  # a filesystem without hard links
                os.replace(tmp, path)
    except sqlite3.Error as exc:
        full = getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL
        raise DatabaseError(path, "full" if full else "io",
                            f"the progress database could not be created ({exc}); nothing was saved",
                            "Free some space, then run it again." if full else "Check the disk, then run it again.") \
            from None
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise DatabaseError(path, "full" if full else "io", f"the progress database could not be created "
                            f"({exc.strerror or exc}); nothing was saved",
                            "Free some space, then run it again." if full else "Check the folder's permissions.") \
            from None
    finally:
        for leftover in leftovers:
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
    return made


def _remove_abandoned_builds(path: Path) -> None:
    """A first run or a restore killed midway leaves `.progress.db.<pid>.new*` behind."""
    from dltutor.store.backup import remove_abandoned

    remove_abandoned(path.parent, path.name)


def _writable(target: Path) -> bool:
    if os.access in os.supports_effective_ids:
        return os.access(target, os.W_OK, effective_ids=True)
    return os.access(target, os.W_OK)


# --- opening -----------------------------------------------------------------------------------

def _scratch(path: Path) -> StoreConnection:
    """No database yet and only reading: an empty one in memory, so nothing is created on disk."""
    conn = sqlite3.connect(":memory:", isolation_level=None, factory=StoreConnection)
    migrations.migrate(conn)
    conn.path = None
    return conn


def open_db(path: Path | None = None, *, write: bool = True, clock: Callable[[], datetime] | None = None,
            rollover_hour: int = 4) -> StoreConnection:
    """The database, judged sound: read-only for a command that only reads, else open for writing.

    A writing connection is migrated and carries a `backup.Keeper`; use `atomic` for each unit of
    work. Raises DatabaseError (one line) for anything that stops it.
    """
    from dltutor.paths import require_folder

    path = path or db_path()
    require_folder(path.parent)
    fresh = False
    if write:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(path, "unreadable", f"the data directory cannot be created ({exc.strerror or exc})",
                                "Check DLTUTOR_HOME and the permissions of its parent folder.") from None
        _remove_abandoned_builds(path)
        if not path.exists():
            if not _writable(path.parent):
                raise _read_only(path, path.parent)
            fresh = _create(path)
    elif not path.exists():
        return _scratch(path)
    _last[:] = [path]
    _opened[path] = _Open(_signature(path))
    try:
        checked = health.inspect(path, "write" if write else "read", factory=StoreConnection)
    except health.Unsound as exc:
        raise refusal(path, exc) from None
    except OSError as exc:
        raise DatabaseError(path, "unreadable", f"cannot read the progress database ({exc.strerror or exc})",
                            "Check its permissions.") from None
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    checked.path = path
    if not write:
        return checked
    checked.close()
    for target in (path.parent, path, *health.companions(path)):
        if target.exists() and not _writable(target):
            raise _read_only(path, target)
    try:
        conn = sqlite3.connect(health.uri(path, mode="rw"), uri=True, isolation_level=None, factory=StoreConnection)
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    conn.path, conn.read_only = path, False
    try:
        health.configure(conn)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            _wrote(path)
            conn.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous=NORMAL survives a killed process (the OS still holds the write);
        # FULL also survives a power cut, for about a millisecond per rating.
        conn.execute("PRAGMA synchronous = FULL")
        from dltutor.store.backup import Keeper

        if clock is None:
            from dltutor.clock import now as clock
        conn.keeper = Keeper(path, clock, rollover_hour, fresh=fresh, recheck=_recheck)
        if migrations.pending(conn):
            conn.keeper.before_write(conn)  # a backup before an upgrade, when one is due
            _wrote(path)
            migrations.migrate(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise explain(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def connect(path: Path | None = None) -> StoreConnection:
    """An open, checked, migrated connection for writing, in autocommit mode; `atomic` for each unit of work."""
    return open_db(path, write=True)


def _recheck(conn: sqlite3.Connection) -> None:
    """The checks again, for a session that stayed open into a new study day: on a connection of its
    own, which reads the pages from the disk rather than from the session's cache."""
    try:
        health.inspect(conn.path, "write", header=False).close()
    except health.Unsound as unsound:
        raise refusal(conn.path, unsound) from None


def _rollback(conn: sqlite3.Connection) -> None:
    # After SQLITE_FULL SQLite may have rolled back already; a failed COMMIT leaves the transaction open.
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One unit of work: BEGIN IMMEDIATE ... COMMIT, rolled back whole if anything fails.

    IMMEDIATE takes the write lock up front, so two sessions queue on the busy timeout instead of
    failing with "database is locked" when a read turns into a write. On a store connection a
    failure comes out as one DatabaseError line, and nothing of this unit is saved.
    """
    path = getattr(conn, "path", None)
    keeper = getattr(conn, "keeper", None)
    try:
        if keeper is not None:
            keeper.before_write(conn)
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        if path is None:
            raise
        raise explain(exc, path) from None
    _wrote(path)
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn)
        if path is None:
            raise
        raise explain(exc, path) from None
    except BaseException:
        _rollback(conn)
        raise
