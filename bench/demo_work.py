"""Each demo's estimated work (its registry entry's `work`, from the options alone) against the
time its run really takes here, frames turned into JSON included, for a few option sets each.

The estimates decide which runs are refused before they start (past 60 s, dltutor.demos.options.
BUDGET), so they must not be far below the truth: the ratio estimated/measured is printed for
every case, and the goal is that none taking over half a second is below 0.5 (a run that would
pass the budget let through). Some are upper bounds by design (a perceptron from zero weights is
counted at Novikoff's worst case), so a high ratio is shown but not a failure. The machine's load
moves every measured time alike; run it on a quiet machine.
Run: python bench/demo_work.py [--only NAME]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dltutor.demos import options as opt  # noqa: E402
from dltutor.demos.registry import find_demo  # noqa: E402

LOW = 0.5
CASES: list[tuple[str, dict]] = [
    ("neuron", {}),
    ("activations", {}),
    ("perceptron", {"data": "random", "points": 1000}),
    ("perceptron", {"data": "random", "points": 100, "epochs": 1500, "init": "random", "lr": 1e-6}),
    ("xor", {"mlp_epochs": 20000}),
    ("xor", {"epochs": 1500, "init": "random", "lr": 1e-6, "mlp_epochs": 1}),
    ("gradient-descent", {"epochs": 600}),
    ("gradient-descent", {"points": 4000, "epochs": 10, "batch_size": 1}),
    ("backprop", {"steps": 5000}),
    ("conv", {}),
    ("conv", {"size": 32, "kernel": 3}),
    ("receptive-field", {"layers": ",".join(["conv5"] * 16)}),
    ("vanishing", {}),
    ("vanishing", {"depth": 30, "width": 128, "steps": 100}),
    ("regularization", {}),
    ("regularization", {"epochs": 3000, "hidden": 256, "points": 200}),
    ("momentum", {}),
    ("momentum", {"condition": 1e5, "max_steps": 50_000}),
    ("cnn", {}),
    ("cnn", {"epochs": 200, "train": 1000, "filters": 16}),
]


def measure(name: str, values: dict) -> tuple[float, float]:
    info = find_demo(name)
    options, _ = opt.check(info, values)
    module = importlib.import_module(info.module)
    start = time.perf_counter()
    for frame in module.run(**options):
        json.dumps(frame.to_dict(), ensure_ascii=False, allow_nan=False)
    return info.work(options), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    opt.BUDGET = float("inf")  # measure the heavy cases too
    importlib.import_module("dltutor.demos.backend")  # torch, once, outside the timings
    measure("neuron", {})  # first calls of torch's kernels, outside the timings
    print(f"{'demo':<18}{'options':<58}{'estimated s':>12}{'measured s':>12}{'ratio':>8}")
    bad = 0
    for name, values in CASES:
        if args.only and name != args.only:
            continue
        estimated, measured = measure(name, values)
        ratio = estimated / max(measured, 1e-9)
        # Runs of a fraction of a second are not what the budget is for: only judge the rest.
        judged = measured >= 0.5 or estimated >= 0.5
        off = judged and ratio < LOW
        bad += off
        shown = json.dumps(values, ensure_ascii=False)[:56]
        print(f"{name:<18}{shown:<58}{estimated:>12.3f}{measured:>12.3f}{ratio:>8.2f}{'  OFF' if off else ''}",
              flush=True)
    print(f"{'no' if not bad else bad} estimate(s) below {LOW}x the measured time (cases over 0.5 s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
