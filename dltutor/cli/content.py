"""`dltutor content validate`: check the shipped course or a learner's own YAML files."""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(help="Work with course content files.", no_args_is_help=True)


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Content folders or YAML files; the shipped content when left out.", show_default=False),
    ] = None,
) -> None:
    """Check content files: every problem is printed as file:line: field: message (exit 2); warnings,
    things allowed but likely wrong, as file:line: field: warning: message (exit 0)."""
    from dltutor.course.validate import validate_paths
    from dltutor.textsafe import clean_line

    report = validate_paths(paths or [])
    for line in (*report.problems, *report.warnings):
        sys.stdout.write(clean_line(line) + "\n")
    warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    if report.problems:
        sys.stderr.write(f"{len(report.problems)} problem(s){warned} in {report.files} file(s)\n")
        raise typer.Exit(2)
    sys.stdout.write(
        f"OK: {report.files} files, {report.lectures} lectures, {report.questions} questions, "
        f"{report.prompts} essay prompts, {report.terms} glossary terms{warned}\n"
    )
