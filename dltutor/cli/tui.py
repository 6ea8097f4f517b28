"""`dltutor` alone and `dltutor app`: the Textual study app (textual is imported only here, only then)."""

import typer

from dltutor.errors import DltutorError


def _interactive() -> bool:
    from dltutor.entry import interactive

    return interactive()


def run_app() -> None:
    if not _interactive():
        raise DltutorError("the app needs a terminal (stdin and stdout); the commands work anywhere: dltutor --help")
    # textual costs ~0.16 s to import: only the app pays it.
    from dltutor.entry import run_app as launch

    launch()


def app_command() -> None:
    """Open the study app: lectures, quizzes, reviews, glossary, demos and stats, one key away."""
    run_app()


def root(ctx: typer.Context) -> None:
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
