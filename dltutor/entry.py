"""The `dltutor` executable: the study app straight away, or the command line.

`dltutor` alone in a terminal opens the app without importing Typer and the command modules
(about 40 ms): the app's first frame has a budget of 1.5x a bare Textual app's. Everything else
goes to the Typer command line. Opening the app (is this a terminal, build it, run it, say why
not) lives in tui/launch.py, which `dltutor app` uses too. A Ctrl-C at any moment, even while the
first imports run, ends it quietly with status 130.
"""

from __future__ import annotations

import os
import sys


def _main() -> None:
    from dltutor.tui import launch  # light: textual loads only when the app is built

    # A shell asking for completions runs `dltutor` alone with this set: that is the command line's.
    if len(sys.argv) == 1 and "_DLTUTOR_COMPLETE" not in os.environ and launch.can_draw():
        sys.exit(launch.run())
    from dltutor.cli import main as cli_main

    cli_main()


def _interrupted(exc: BaseException | None) -> bool:
    """A Ctrl-C, or an error it caused: one landing inside a class statement during an import comes
    out as a RuntimeError ("Error calling __set_name__") chained to the KeyboardInterrupt."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def main() -> None:
    try:
        _main()
    except SystemExit:
        raise
    except BaseException as exc:  # before the command line's own handler is in place (its imports take ~0.1 s)
        if not _interrupted(exc):
            raise
        try:
            sys.stderr.write("\n")
        except OSError:
            pass
        sys.exit(130)
