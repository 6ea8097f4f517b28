"""The `dltutor` executable: the study app straight away, or the command line.

`dltutor` alone in a terminal opens the app without importing Typer and the command modules
(about 40 ms): the app's first frame has a budget of 1.5x a bare Textual app's. Everything else
goes to the Typer command line. A Ctrl-C at any moment, even while the first imports run, ends
it quietly with status 130.
"""

from __future__ import annotations

import os
import sys


def interactive() -> bool:
    """A terminal the app can draw on: stdin and stdout are one, and TERM is not dumb."""
    from dltutor.render.fast import dumb_terminal

    try:
        return sys.stdin.isatty() and sys.stdout.isatty() and not dumb_terminal()
    except (AttributeError, ValueError):
        return False


def build_app():
    """The app with its store opened first, so a damaged database is one line, not a crash screen."""
    from dltutor.tui.app import make_app

    app = make_app()
    app.services.settings  # noqa: B018  (a broken config.toml is reported here, not mid-screen)
    app.services.conn  # noqa: B018  (opens, checks and migrates the database, syncs the cards)
    return app


def run_app() -> None:
    from dltutor.errors import DltutorError, say

    try:
        app = build_app()
    except DltutorError as exc:
        say(str(exc))
        sys.exit(exc.exit_code)
    app.run()
    if app.fatal is not None:  # the store failed mid-screen: the app has closed, say why
        say(app.fatal)
        sys.exit(2)


def _main() -> None:
    # A shell asking for completions runs `dltutor` alone with this set: that is the command line's.
    if len(sys.argv) == 1 and "_DLTUTOR_COMPLETE" not in os.environ and interactive():
        run_app()
        return
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
