"""Files dltutor writes for the learner to take elsewhere: Anki packages, CSV tables, essays as Markdown.

`check_target` says in one line why a path cannot be written before any work is done; `write_file`
writes beside the target and renames it into place, so a failed export never leaves half a file
and never damages the one it replaces.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from dltutor.errors import DltutorError


def _writable(target: Path) -> bool:
    # The effective ids: what the kernel checks on open (a set-uid or seteuid process differs from its real ids).
    if os.access in os.supports_effective_ids:
        return os.access(target, os.W_OK | (os.X_OK if target.is_dir() else 0), effective_ids=True)
    return os.access(target, os.W_OK)


def check_target(path: Path, *, force: bool) -> Path:
    """The path to write, or a one-line error: it exists (without force), its folder is missing or read-only."""
    from dltutor.textsafe import clean_line

    shown = clean_line(str(path))
    if path.is_dir():
        raise DltutorError(f"{shown} is a folder; give a file name")
    if path.exists() or path.is_symlink():
        if not force:
            raise DltutorError(f"{shown} already exists; add --force to replace it")
        if not _writable(path):
            raise DltutorError(f"{shown} is read-only; nothing was written")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise DltutorError(f"cannot write {shown}: the folder {clean_line(str(folder))} {what}")
    if not _writable(folder):
        raise DltutorError(f"cannot write {shown}: the folder {clean_line(str(folder))} is read-only")
    return path


def write_file(path: Path, fill: Callable[[BinaryIO], None]) -> None:
    """Write through `fill` into a temporary file beside `path`, then rename it into place."""
    from dltutor.textsafe import clean_line

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise DltutorError(f"cannot write {clean_line(str(path))} ({exc.strerror or exc}); nothing was written") \
            from None
    finally:
        tmp.unlink(missing_ok=True)
