"""What can go wrong with the progress database, each said in one line that is true.

`kind` says what happened (damaged, empty, foreign, newer, unrecorded, read-only, full, io, busy,
unreadable); the front ends print the message as it is, and a study session that was saving
something when it happened says what was saved and what was not with `not_saved`.
"""

from __future__ import annotations

from pathlib import Path

from dltutor.errors import DltutorError


class DatabaseError(DltutorError):
    """The progress database cannot be used as it is; the message says why, what is kept and what to do."""

    def __init__(self, path: Path, kind: str, why: str, todo: str = "", *, untouched: bool = False) -> None:
        self.path, self.kind, self.why, self.todo, self.untouched = path, kind, why, todo, untouched
        kept = "; dltutor left it untouched" if untouched else ""
        super().__init__(f"{path}: {why}{kept}. {todo}".rstrip())

    def not_saved(self, what: str, saved: str) -> DatabaseError:
        """The same trouble, said from the session that was saving `what` when it happened."""
        error = DatabaseError(self.path, self.kind, f"{self.why}: {what} was not saved; {saved}", self.todo)
        return error
