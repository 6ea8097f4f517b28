"""The baseline: a one-command Typer app, as small as Typer apps get."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    print(f"Hello {name}")


if __name__ == "__main__":
    app()
