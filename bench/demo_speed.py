"""Wall time of every `dltutor demo NAME --no-animate` against `python -c "import torch"`.

Goals (issues 4 and 12): at most 1.3x `import torch`; the demos that train a network (TRAINS)
at most 2x. Commands are run interleaved, round after round, so that machine noise hits every
side alike; each figure is the median, printed beside its goal and whether it is met.
Run: python bench/demo_speed.py [--rounds N] [--python PATH] [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from sidebyside import bench_env, compare  # bench/sidebyside.py, beside this file

GOAL = 1.3
TRAINS_GOAL = 2.0
TRAINS = {"xor", "vanishing", "regularization", "cnn"}  # each trains a network (or four) for many steps
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--only", default="", help="Demos to time, separated by commas (default: all).")
    parser.add_argument("--python", default=sys.executable, help="The interpreter to measure (default: this one).")
    args = parser.parse_args()
    home, env = bench_env()
    # A source checkout runs as well as an installed package.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    py = args.python
    sys.path.insert(0, str(ROOT))
    from dltutor.demos.registry import DEMOS  # a light table: no torch

    names = [d.name for d in DEMOS if not args.only or d.name in args.only.split(",")]
    cases = {"baseline: import torch": [py, "-c", "import torch"]}
    goals = {}
    for name in names:
        label = f"demo {name} --no-animate"
        cases[label] = [py, "-m", "dltutor", "demo", name, "--no-animate"]
        goals[label] = TRAINS_GOAL if name in TRAINS else GOAL
    code = compare(cases, env, args.rounds, goals, note=f", {py}")
    shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
