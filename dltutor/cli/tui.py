"""`dltutor` alone and `dltutor app` on the command line: both open the study app through tui/launch.py."""

from typing import Annotated

import typer


def app_command() -> None:
    """Open the study app: lectures, quizzes, reviews, glossary, demos and stats, one key away."""
    from dltutor.tui import launch  # says itself why the app cannot open here

    raise typer.Exit(launch.run())


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
    from dltutor.tui import launch

    if launch.can_draw():
        raise typer.Exit(launch.run())
    typer.echo(ctx.get_help())  # piped, scripted or a dumb terminal: the help, as before the app existed


def register(app: typer.Typer) -> None:
    app.callback(invoke_without_command=True)(root)
    app.command("app")(app_command)
