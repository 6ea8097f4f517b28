"""Wall time of `dltutor demo perceptron --no-animate` and `demo backprop --no-animate` against `import torch`.

Goal (issue 4): each at most 1.3x `python -c "import torch"`. Commands are run interleaved,
round after round, so that machine noise hits both sides alike; the figure is the median.
Run: python bench/demo_speed.py [--rounds N] [--python PATH]
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

GOAL = 1.3
ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", default=sys.executable, help="The interpreter to measure (default: this one).")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="dltutor-bench-")
    env = {**os.environ, "DLTUTOR_HOME": home, "COLUMNS": "100"}
    # Installed packages run from compiled byte-code; see bench/startup.py.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A source checkout runs as well as an installed package.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    py = args.python
    cases = {
        "baseline: import torch": [py, "-c", "import torch"],
        "demo perceptron --no-animate": [py, "-m", "dltutor", "demo", "perceptron", "--no-animate"],
        "demo backprop --no-animate": [py, "-m", "dltutor", "demo", "backprop", "--no-animate"],
    }
    for cmd in cases.values():  # warm up: byte-code compiled, content cache written
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, cmd in cases.items():
            times[name].append(wall(cmd, env))
    base = statistics.median(times["baseline: import torch"])
    worst = 0.0
    print(f"{'command':<32}{'median ms':>10}{'ratio':>8}   (goal <= {GOAL}x, {args.rounds} rounds, {py})")
    for name, samples in times.items():
        med = statistics.median(samples)
        ratio = med / base
        if not name.startswith("baseline"):
            worst = max(worst, ratio)
        print(f"{name:<32}{med * 1000:>10.1f}{ratio:>8.2f}")
    verdict = "within" if worst <= GOAL else "OVER"
    print(f"worst ratio {worst:.2f}: {verdict} the goal of {GOAL}x")
    shutil.rmtree(home, ignore_errors=True)
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
