"""Wall time of `dltutor --help`, `lectures` and `glossary relu` against a one-command Typer app.

Goal (issue 2): each at most 1.25x the baseline. Commands are run interleaved, round after
round, so that machine noise hits both sides alike; the figure is the median of the rounds.
Run: python bench/startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOAL = 1.25


def dltutor_command() -> list[str]:
    script = Path(sys.executable).with_name("dltutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dltutor"]


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


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
    for cmd in cases.values():  # warm up: byte-code compiled, content cache written
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, cmd in cases.items():
            times[name].append(wall(cmd, env))
    base = statistics.median(times["baseline: typer hello"])
    worst = 0.0
    print(f"{'command':<26}{'median ms':>10}{'ratio':>8}   (goal <= {GOAL}x, {args.rounds} rounds)")
    for name, samples in times.items():
        med = statistics.median(samples)
        ratio = med / base
        if name != "baseline: typer hello":
            worst = max(worst, ratio)
        print(f"{name:<26}{med * 1000:>10.1f}{ratio:>8.2f}")
    verdict = "within" if worst <= GOAL else "OVER"
    print(f"worst ratio {worst:.2f}: {verdict} the goal of {GOAL}x")
    shutil.rmtree(home, ignore_errors=True)
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
