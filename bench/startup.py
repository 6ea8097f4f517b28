"""Wall time of `dltutor --help`, `lectures` and `glossary relu` against a one-command Typer app.

Goal (issue 2): each at most 1.25x the baseline. Commands are run interleaved, round after
round, so that machine noise hits both sides alike; the figure is the median of the rounds.
Run: python bench/startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from sidebyside import bench_env, compare  # bench/sidebyside.py, beside this file

HERE = Path(__file__).resolve().parent
GOAL = 1.25


def dltutor_command() -> list[str]:
    script = Path(sys.executable).with_name("dltutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dltutor"]


def against_typer(commands: dict[str, list[str]], note: str = "") -> int:
    """Time dltutor commands (arguments after `dltutor`) against the one-command Typer app, goal 1.25x."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    home, env = bench_env()
    dl = dltutor_command()
    cases = {"baseline: typer hello": [sys.executable, str(HERE / "hello_app.py"), "World"],
             **{name: [*dl, *argv] for name, argv in commands.items()}}
    code = compare(cases, env, args.rounds, GOAL, note=note)
    shutil.rmtree(home, ignore_errors=True)
    return code


def main() -> int:
    return against_typer({"dltutor --help": ["--help"], "dltutor lectures": ["lectures"],
                          "dltutor glossary relu": ["glossary", "relu"]})


if __name__ == "__main__":
    sys.exit(main())
