"""Wall time of `dltutor demo perceptron --no-animate` and `demo backprop --no-animate` against `import torch`.

Goal (issue 4): each at most 1.3x `python -c "import torch"`. Commands are run interleaved,
round after round, so that machine noise hits both sides alike; the figure is the median.
Run: python bench/demo_speed.py [--rounds N] [--python PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from sidebyside import bench_env, compare  # bench/sidebyside.py, beside this file

GOAL = 1.3
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", default=sys.executable, help="The interpreter to measure (default: this one).")
    args = parser.parse_args()
    home, env = bench_env()
    # A source checkout runs as well as an installed package.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    py = args.python
    cases = {
        "baseline: import torch": [py, "-c", "import torch"],
        "demo perceptron --no-animate": [py, "-m", "dltutor", "demo", "perceptron", "--no-animate"],
        "demo backprop --no-animate": [py, "-m", "dltutor", "demo", "backprop", "--no-animate"],
    }
    code = compare(cases, env, args.rounds, GOAL, note=f", {py}")
    shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
