"""Opening the study app, in one place: can this terminal hold it, build it, run it, say why not.

`dltutor` alone (entry.py, without Typer) and `dltutor app` (cli/tui.py) both come here, and this
module imports neither of them. Importing it costs nothing: textual (~0.16 s) loads only in
`build_app`, when the app is really wanted. A failure is said here, once, through errors.say.
"""

from __future__ import annotations

import sys


def can_draw() -> bool:
    """A terminal the app can draw on: stdin and stdout are one, and TERM is not dumb."""
    return _why_not() is None


def _why_not() -> str | None:
    from dltutor.render.fast import dumb_terminal

    try:
        attached = sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        attached = False
    if not attached:
        return "the app needs a terminal (stdin and stdout); the commands work anywhere: dltutor --help"
    if dumb_terminal():
        return ("the app needs a terminal that can draw, and TERM says this one cannot; "
                "the commands work anywhere: dltutor --help")
    return None


def build_app():
    """The app with its store opened first, so a damaged database is one line, not a crash screen."""
    from dltutor.tui.app import make_app

    app = make_app()
    app.services.settings  # noqa: B018  (a broken config.toml is reported here, not mid-screen)
    app.services.conn  # noqa: B018  (opens, checks and migrates the database, syncs the cards)
    return app


def run() -> int:
    """Open the app and run it until it closes; the exit status (2, with one line on stderr, if it cannot)."""
    from dltutor.errors import DltutorError, say

    reason = _why_not()
    if reason is not None:
        say(reason)
        return 2
    try:
        app = build_app()
    except DltutorError as exc:
        say(str(exc))
        return exc.exit_code
    app.run()
    if app.fatal is not None:  # the store failed mid-screen: the app has closed, say why
        say(app.fatal)
        return 2
    return 0
