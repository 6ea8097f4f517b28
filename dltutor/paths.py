"""Where things live: the learner's data directory and the course content shipped with dltutor."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The directory for progress, settings and caches; DLTUTOR_HOME overrides platformdirs."""
    home = os.environ.get("DLTUTOR_HOME")
    if home:
        return Path(home).expanduser()
    # platformdirs costs ~2 ms to import; only paths that touch the data directory pay it.
    import platformdirs

    return Path(platformdirs.user_data_dir("dltutor", appauthor=False))


def cache_dir() -> Path:
    """Disposable caches: under DLTUTOR_HOME when set, else the platform's cache directory."""
    home = os.environ.get("DLTUTOR_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("dltutor", appauthor=False))


def content_dir() -> Path:
    """The shipped course: inside the installed package, or beside it in a source checkout."""
    installed = _PACKAGE / "content"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "content"


def require_folder(folder: Path) -> None:
    """Refuse, in one line, a data directory that is something other than a folder."""
    from dltutor.errors import DltutorError

    try:
        if folder.exists() and not folder.is_dir():
            raise DltutorError(f"the data directory {folder} is a file, not a folder; move the file or point "
                               "DLTUTOR_HOME at a folder")
    except OSError as exc:  # e.g. a component of the path is a file, or not searchable
        raise DltutorError(f"the data directory {folder} cannot be used ({exc.strerror or exc})") from None
