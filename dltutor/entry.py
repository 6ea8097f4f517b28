"""The `dltutor` executable: the study app straight away, or the command line.

`dltutor` alone in a terminal opens the app without importing Typer and the command modules
(about 40 ms): the app's first frame has a budget of 1.5x a bare Textual app's. Everything else
goes to the Typer command line.
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
    app.services.conn  # noqa: B018  (opens, checks and migrates the database, syncs the cards)
    app.services.settings  # noqa: B018  (a broken config.toml is reported here, not mid-screen)
    return app


def run_app() -> None:
    from dltutor.errors import DltutorError
    from dltutor.textsafe import clean_line

    try:
        app = build_app()
    except DltutorError as exc:
        sys.stderr.write(f"dltutor: error: {clean_line(str(exc))}\n")
        sys.exit(exc.exit_code)
    app.run()


def main() -> None:
    # A shell asking for completions runs `dltutor` alone with this set: that is the command line's.
    if len(sys.argv) == 1 and "_DLTUTOR_COMPLETE" not in os.environ and interactive():
        run_app()
        return
    from dltutor.cli import main as cli_main

    cli_main()
