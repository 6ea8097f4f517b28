"""`dltutor backup`: the automatic backups of your progress, one taken now, and restoring one."""


import json
import sys
from typing import Annotated

import typer

app = typer.Typer(help="List the automatic backups of your progress, take one now, or restore one.",
                  no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})


def _rollover() -> int:
    from dltutor.settings import load_settings

    return load_settings().day_starts_at


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False) -> None:
    """The backups in the data directory's backups/ folder, newest first, and which the rule keeps."""
    from dltutor.store.backup import folder, kept, list_backups
    from dltutor.store.db import db_path

    db = db_path()
    backups = list_backups(db)
    labels = kept(backups, _rollover())
    if as_json:
        sys.stdout.write(json.dumps([{"name": b.name, "path": str(b.path), "taken": b.taken.isoformat(),
                                      "bytes": b.bytes, "kept_as": labels.get(b.name, [])} for b in backups],
                                    indent=2) + "\n")
        return
    if not backups:
        sys.stdout.write(f"No backups yet in {folder(db)}: the first study session of each day makes one "
                         "(or run `dltutor backup now`).\n")
        return
    from dltutor.render.fast import Styled, table, use_color, width

    rows = [[b.name, b.taken.astimezone().strftime("%a %d %b %Y %H:%M"), f"{b.bytes / 1024:,.0f} KB",
             ", ".join(labels.get(b.name, []))] for b in backups]
    sys.stdout.write(table(["backup", "taken", "size", "kept as"], rows, right=(2,), styled=Styled(use_color()),
                           columns=width()))
    sys.stdout.write(f"{len(backups)} backup{'s' * (len(backups) != 1)} in {folder(db)}; "
                     "restore one with `dltutor backup restore NAME`\n")


@app.command("now")
def now() -> None:
    """Check the database and back it up now."""
    from dltutor.clock import now as clock
    from dltutor.errors import DltutorError
    from dltutor.store.backup import take
    from dltutor.store.db import db_path, open_db

    db = db_path()
    if not db.exists():
        raise DltutorError(f"{db}: there is no progress database yet, so nothing to back up")
    conn = open_db(db, write=False)  # judged whole first: a damaged file is refused, not copied
    try:
        made = take(conn, db, clock(), _rollover())
    finally:
        conn.close()
    sys.stdout.write(f"Backed up to {made.path} ({made.bytes / 1024:,.0f} KB).\n")


@app.command("restore")
def restore(name: Annotated[str, typer.Argument(metavar="NAME", help="A backup, as `backup list` names it.")]) -> None:
    """Check a backup, move the current database aside (never deleted) and put the backup in its place."""
    from dltutor.clock import now as clock
    from dltutor.store.backup import restore as put_back
    from dltutor.store.db import db_path

    done = put_back(db_path(), name.strip(), clock())
    taken = done.backup.taken.astimezone().strftime("%d %b %Y %H:%M")
    sys.stdout.write(f"Restored {done.backup.name} (taken {taken}): your progress is as it was then.\n")
    if done.aside is not None:
        sys.stdout.write(f"The file it replaced is kept as {done.aside}.\n")
