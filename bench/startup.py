"""Wall time of `dltutor --help`, `lectures` and `glossary relu` against a one-command Typer app.

Goal (issue 2): each at most 1.25x the baseline. Commands are run interleaved, round after
round, so that machine noise hits both sides alike; the figure is the median of the rounds.
Run: python bench/startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from sidebyside import compare  # bench/sidebyside.py, beside this file

HERE = Path(__file__).resolve().parent
GOAL = 1.25


def dltutor_command() -> list[str]:
    script = Path(sys.executable).with_name("dltutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dltutor"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="dltutor-bench-")
    env = {**os.environ, "DLTUTOR_HOME": home, "COLUMNS": "100"}
    # Installed packages run from compiled byte-code; with writing it disabled, a source
    # checkout would recompile dltutor on every run while typer's own .pyc files are used.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    dl = dltutor_command()
    cases = {
        "baseline: typer hello": [sys.executable, str(HERE / "hello_app.py"), "World"],
        "dltutor --help": [*dl, "--help"],
        "dltutor lectures": [*dl, "lectures"],
        "dltutor glossary relu": [*dl, "glossary", "relu"],
    }
    code = compare(cases, env, args.rounds, GOAL)
    shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
