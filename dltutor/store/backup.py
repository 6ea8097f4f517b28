"""Backups of the progress database in `backups/` beside it, as Anki keeps them.

A session that writes takes one before its first write of each study day and after every 30
minutes of study, with SQLite's backup API (a consistent copy while other sessions run), checks
the copy and only then gives it its name, `progress-YYYYMMDD-HHMMSS.db` (UTC). Each copy is a
self-contained file (rollback journal, no `-wal`). Kept: the newest backup of each of the last 7
study days that have one, and of each of the last 4 weeks; older ones are deleted.

Restoring checks the backup whole first, moves the current file (with its `-wal` and `-shm`)
aside as `progress.db.replaced-YYYYMMDD-HHMMSS`, never deleting it, and puts a copy of the backup
in its place.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from dltutor.clock import day_start
from dltutor.store import health
from dltutor.store.errors import DatabaseError

FOLDER = "backups"
KEEP_DAILY, KEEP_WEEKLY = 7, 4
EVERY = timedelta(minutes=30)
_NAME = re.compile(r"^progress-(\d{8}-\d{6})(?:-(\d+))?\.db$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime  # UTC, from the name

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def bytes(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def folder(db: Path) -> Path:
    return db.parent / FOLDER


def list_backups(db: Path) -> list[Backup]:
    """Every backup of `db`, newest first."""
    try:
        names = os.listdir(folder(db))
    except OSError:
        return []
    found = []
    for name in names:
        m = _NAME.match(name)
        if m:
            taken = datetime.strptime(m[1], "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
            found.append((taken, int(m[2] or 0), Backup(folder(db) / name, taken)))
    return [b for _, _, b in sorted(found, key=lambda t: (t[0], t[1]), reverse=True)]


def kept(backups: list[Backup], rollover_hour: int) -> dict[str, list[str]]:
    """Which backups the rule keeps, and as what ("daily", "weekly"); `backups` newest first."""
    labels: dict[str, list[str]] = {}
    days: list[object] = []
    weeks: list[object] = []
    for b in backups:
        day = day_start(b.taken, rollover_hour).date()
        week = day.isocalendar()[:2]
        if day not in days:
            days.append(day)
            if len(days) <= KEEP_DAILY:
                labels.setdefault(b.name, []).append("daily")
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= KEEP_WEEKLY:
                labels.setdefault(b.name, []).append("weekly")
    return labels


def prune(db: Path, rollover_hour: int) -> list[str]:
    """Delete the backups the rule no longer keeps; returns their names."""
    backups = list_backups(db)
    keep = kept(backups, rollover_hour)
    gone = []
    for b in backups:
        if b.name not in keep:
            try:
                b.path.unlink()
                gone.append(b.name)
            except OSError:
                pass
    return gone


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    except OSError:  # some filesystems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for p in paths:
        for q in (p, *health.companions(p), p.with_name(p.name + "-journal")):
            try:
                q.unlink(missing_ok=True)
            except OSError:
                pass


def _write_failed(db: Path, exc: BaseException, what: str) -> DatabaseError:
    errno = getattr(exc, "errno", None)
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    import errno as errnos

    if code == sqlite3.SQLITE_FULL or errno in (errnos.ENOSPC, errnos.EDQUOT):
        return DatabaseError(db, "full", f"the disk is full, so {what} could not be made",
                             "Free some space, then run it again.")
    if code == sqlite3.SQLITE_READONLY or errno in (errnos.EACCES, errnos.EPERM, errnos.EROFS):
        return DatabaseError(db, "read-only", f"{folder(db)} is read-only, so {what} could not be made",
                             f"Make {db.parent} writable, or use only the commands that read (stats, cards list).")
    reason = getattr(exc, "strerror", None) or str(exc)
    return DatabaseError(db, "io", f"{what} could not be made ({reason})", "Check the disk, then run it again.")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_abandoned(where: Path, prefix: str) -> None:
    """Delete `.{prefix}.<pid>.new*` files whose process is gone: a copy or a build that a kill cut short."""
    try:
        leftovers = list(where.glob(f".{prefix}.*.new*"))
    except OSError:
        return
    for leftover in leftovers:
        m = re.match(r"^\..*\.(\d+)\.new", leftover.name)
        if m and int(m[1]) != os.getpid() and not pid_alive(int(m[1])):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass


def copy_to(conn: sqlite3.Connection, target: Path, *, journal: str = "DELETE", rename: bool = True) -> None:
    """A checked, fsynced copy of the database behind `conn` at `target`, made as `.target.<pid>.new` and
    renamed into place (or, with rename=False, written at `target` itself, a temporary name already).

    Raises Unsound if the copy fails its check (then nothing is left behind), OSError or
    sqlite3.Error if it cannot be written.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.new") if rename else target
    _remove(tmp)
    try:
        dst = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(dst)
            dst.execute(f"PRAGMA journal_mode = {journal}")
            found = health.check_pages(dst, tmp.stat().st_size, "write")
        finally:
            dst.close()
        if found:
            raise health.Unsound("damaged", f"the copy failed its check ({found})")
        _fsync(tmp)
        if rename:
            os.replace(tmp, target)
        _fsync(target.parent, directory=True)
    except BaseException:
        _remove(tmp)
        raise


def take(conn: sqlite3.Connection, db: Path, now: datetime, rollover_hour: int = 4) -> Backup:
    """Back up the database behind `conn` (already checked) now, then prune."""
    where = folder(db)
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    try:
        where.mkdir(exist_ok=True)
        remove_abandoned(where, "progress-*.db")
        target, n = where / f"progress-{stamp}.db", 1
        while target.exists():
            n += 1
            target = where / f"progress-{stamp}-{n}.db"
        copy_to(conn, target)
    except (OSError, sqlite3.Error) as exc:
        raise _write_failed(db, exc, "a backup") from None
    except health.Unsound as exc:
        raise DatabaseError(db, "damaged", f"the progress database could not be backed up: {exc.why}",
                            "Run `dltutor backup list` and restore an earlier backup.") from None
    prune(db, rollover_hour)
    return Backup(target, now.astimezone(timezone.utc).replace(microsecond=0))


def check_backup(b: Backup) -> str | None:
    """Why a backup cannot be restored, or None: the full check, whatever it costs."""
    try:
        conn = health.inspect(b.path, "write")
    except health.Unsound as exc:
        return exc.why.replace("the progress database", "the backup")
    except (OSError, sqlite3.Error) as exc:
        return f"the backup cannot be read ({getattr(exc, 'strerror', None) or exc})"
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check(3)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    finally:
        conn.close()
    return None if found == ["ok"] else f"the backup is damaged ({' '.join(found)[:120]})"


def newest_good(db: Path) -> Backup | None:
    """The newest backup that passes its check (the check that fits the time budget of a write)."""
    for b in list_backups(db):
        try:
            health.inspect(b.path, "write").close()
        except (health.Unsound, OSError, sqlite3.Error):
            continue
        return b
    return None


def restore_hint(db: Path) -> str:
    """What to do about a damaged database: the newest good backup and the command that restores it."""
    b = newest_good(db)
    if b is None:
        return (f"There is no good backup to restore: keep the file (sqlite3's .recover may save what is left), "
                f"move it aside (e.g. mv {db} {db}.bad) and dltutor starts afresh.")
    local = b.taken.astimezone().strftime("%d %b %Y %H:%M")
    return (f"Restore the newest good backup ({local}) with `dltutor backup restore {b.name}`; "
            "the damaged file is kept beside it.")


def _in_use(db: Path) -> bool:
    """Whether another connection has the database open: it then holds a lock an exclusive one would need."""
    probe = sqlite3.connect(health.uri(db, mode="rw"), uri=True, isolation_level=None, timeout=0)
    try:
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    finally:
        probe.close()


@dataclass(frozen=True, slots=True)
class Restored:
    backup: Backup
    aside: Path | None  # where the file it replaced now is; None if there was none


def restore(db: Path, name: str, now: datetime) -> Restored:
    """Put backup `name` in place of `db`, after checking it; the current file is moved aside, never deleted."""
    from dltutor.errors import DltutorError, NotFoundError

    backups = list_backups(db)
    chosen = next((b for b in backups if b.name in (name, f"{name}.db")), None)
    if chosen is None:
        raise NotFoundError("backup", name, [b.name for b in backups[:3]])
    problem = check_backup(chosen)
    if problem:
        raise DltutorError(f"{chosen.path}: {problem}; nothing was changed. Choose another from `dltutor backup list`.")
    wal, shm = health.companions(db)
    if db.exists():
        try:
            health.inspect(db, "read").close()
            sound = True
        except (health.Unsound, OSError, sqlite3.Error):
            sound = False
        # A sound file may be open in another session, whose next ratings would land in the file moved
        # aside. (A damaged one cannot be: sessions refuse it.)
        if sound and _in_use(db):
            raise DltutorError(f"{db} is open in another dltutor session (a review, a quiz or the app); "
                               "close it, then restore. Nothing was changed.")
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    fresh = db.with_name(f".{db.name}.{os.getpid()}.new")  # a kill leaves it where db.open_db removes it
    try:
        src = sqlite3.connect(health.uri(chosen.path, mode="ro"), uri=True, isolation_level=None)
        try:
            copy_to(src, fresh, journal="WAL", rename=False)
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise _write_failed(db, exc, "the restored copy") from None
    aside = None
    if db.exists() or wal.exists():
        aside = db.with_name(f"{db.name}.replaced-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = db.with_name(f"{db.name}.replaced-{stamp}-{n}")
        # The file first, then its WAL and index under the matching names, so the pair stays together
        # (a new progress.db must never meet the old -wal: dltutor refuses to create one beside it).
        if db.exists():
            os.rename(db, aside)
        for companion, suffix in ((wal, "-wal"), (shm, "-shm")):
            if companion.exists():
                os.rename(companion, aside.with_name(aside.name + suffix))
    os.replace(fresh, db)
    _fsync(db.parent, directory=True)
    return Restored(chosen, aside)


class Keeper:
    """When a writing session backs up: before its first write of each study day, and before the first
    write after 30 minutes of study since the last backup.

    `db.atomic` calls it before every transaction begins, so a backup that cannot be made stops the
    write it came before, and the session can say truly that this write was not saved. A session
    that created the database has nothing to keep yet: its first backup comes 30 minutes into its study.
    """

    def __init__(self, db: Path, clock: Callable[[], datetime], rollover_hour: int, *, fresh: bool,
                 recheck: Callable[[sqlite3.Connection], None]) -> None:
        self.db, self.clock, self.rollover_hour, self.fresh, self.recheck = db, clock, rollover_hour, fresh, recheck
        backups = list_backups(db)
        self.last = backups[0].taken if backups else None
        self.day: datetime | None = None  # the study day whose first write has been prepared

    def before_write(self, conn: sqlite3.Connection) -> None:
        now = self.clock()
        day = day_start(now, self.rollover_hour)
        if self.day != day:
            if self.day is not None:  # a session open into a new study day checks the file again
                self.recheck(conn)
            self.day = day
            # (`!=`, not `<`: after a clock set back, the newest backup may be "later" than now.)
            if not self.fresh and (self.last is None or day_start(self.last, self.rollover_hour) != day):
                self.last = take(conn, self.db, now, self.rollover_hour).taken
                return
        if self.last is None:
            self.last = now
        elif abs(now - self.last) >= EVERY:
            self.last = take(conn, self.db, now, self.rollover_hour).taken
