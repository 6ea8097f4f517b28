"""Commands timed side by side: warmed up, then run interleaved round after round, so machine
noise hits every command alike; each figure is the median of its rounds, with its ratio to the
baseline (the first case). Shared by the benchmarks that compare whole commands."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time


def bench_env() -> tuple[str, dict[str, str]]:
    """A fresh data directory and the environment to run dltutor in it."""
    home = tempfile.mkdtemp(prefix="dltutor-bench-")
    env = {**os.environ, "DLTUTOR_HOME": home, "COLUMNS": "100"}
    # Installed packages run from compiled byte-code; with writing it disabled, a source
    # checkout would recompile dltutor on every run while typer's own .pyc files are used.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return home, env


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    # stdin at end of input: a command that asks (practice, quiz) shows its first question and ends.
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=True)
    return time.perf_counter() - start


def compare(cases: dict[str, list[str]], env: dict[str, str], rounds: int, goal: float | dict[str, float],
            note: str = "") -> int:
    """Print the table and the verdict; 0 when every case is within its goal times the baseline.

    `goal` is one ratio for every case, or a ratio per case name (then each row shows its own goal
    and whether it is met).
    """
    for cmd in cases.values():  # warm up: byte-code compiled, content cache written
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, cmd in cases.items():
            times[name].append(wall(cmd, env))
    baseline = next(iter(cases))
    base = statistics.median(times[baseline])
    width = max(len(name) for name in cases) + 4
    each = isinstance(goal, dict)
    head = f"(goal <= {goal}x, " if not each else "("
    extra = f"{'goal':>7}{'met':>6}" if each else ""
    print(f"{'command':<{width}}{'median ms':>10}{'ratio':>8}{extra}   {head}{rounds} rounds{note})")
    missed = []
    worst = 0.0
    for name, samples in times.items():
        med = statistics.median(samples)
        ratio = med / base
        line = f"{name:<{width}}{med * 1000:>10.1f}{ratio:>8.2f}"
        if name != baseline:
            limit = goal[name] if isinstance(goal, dict) else goal
            worst = max(worst, ratio / limit) if each else max(worst, ratio)
            if ratio > limit:
                missed.append(name)
            if each:
                line += f"{limit:>6.1f}x{'yes' if ratio <= limit else 'NO':>6}"
        print(line)
    if each:
        print(f"{len(times) - 1 - len(missed)} of {len(times) - 1} within their goal"
              + (f"; over: {', '.join(missed)}" if missed else ""))
    else:
        print(f"worst ratio {worst:.2f}: {'within' if worst <= goal else 'OVER'} the goal of {goal}x")
    return 1 if missed else 0
