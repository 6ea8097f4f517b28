"""Time to `dltutor practice`'s first problem against a one-command Typer app.

Goal (issue 14): at most 1.25x the baseline. stdin is at end of input, so each run generates its
problems, opens the store, prints the heading and the first problem, reads end of input and
prints its closing line: the whole run is an upper bound on the time to the first problem.
The store is a used one (the warm-up runs create it, with their skipped answers). Commands run
interleaved, round after round; each figure is the median of its rounds.
Run: python bench/practice_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from sidebyside import bench_env, compare  # bench/sidebyside.py, beside this file
from startup import dltutor_command

HERE = Path(__file__).resolve().parent
GOAL = 1.25


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    home, env = bench_env()
    dl = dltutor_command()
    cases = {
        "baseline: typer hello": [sys.executable, str(HERE / "hello_app.py"), "World"],
        "dltutor practice": [*dl, "practice"],
        "dltutor practice conv-output-size": [*dl, "practice", "conv-output-size"],
        "dltutor practice lecture-6": [*dl, "practice", "lecture-6"],
    }
    code = compare(cases, env, args.rounds, GOAL, note=", stdin at end of input")
    shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
