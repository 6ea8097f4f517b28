"""`dltutor` alone and `dltutor app`: the Textual study app (textual is imported only here, only then)."""

from typing import Annotated

import typer

from dltutor.errors import DltutorError


def _interactive() -> bool:
    from dltutor.entry import interactive

    return interactive()


def run_app() -> None:
    if not _interactive():
        from dltutor.render.fast import dumb_terminal

        if dumb_terminal():
            raise DltutorError("the app needs a terminal that can draw, and TERM says this one cannot; "
                               "the commands work anywhere: dltutor --help")
        raise DltutorError("the app needs a terminal (stdin and stdout); the commands work anywhere: dltutor --help")
    # textual costs ~0.16 s to import: only the app pays it.
    from dltutor.entry import run_app as launch

    launch()


def app_command() -> None:
    """Open the study app: lectures, quizzes, reviews, glossary, demos and stats, one key away."""
    run_app()


def _version(value: bool) -> None:
    if value:
        from dltutor import __version__

        typer.echo(f"dltutor {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print dltutor's version and exit.")] = False,
) -> None:
    """Learn deep learning from your terminal: read the course, look terms up, practise.

    Run `dltutor` alone in a terminal to open the study app.
    """
    if ctx.invoked_subcommand is not None:
        return
    if _interactive():
        run_app()
    else:  # piped or scripted: the help, as before the app existed
        typer.echo(ctx.get_help())


def register(app: typer.Typer) -> None:
    app.callback(invoke_without_command=True)(root)
    app.command("app")(app_command)
