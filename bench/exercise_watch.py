"""Watch mode: time from saving an exercise's file to its check result on screen (goal: at most 0.5 s).

Runs `dltutor exercise watch NAME` as a learner would (its own process, output to a pipe), waits
for the first check (it starts the checker and imports torch), then saves the file again and
again, by rewriting it and by an editor-style rename, and reads the time until the next result
appears. The exercises timed are the ones with the slowest checks. Beside it, one cold
`dltutor exercise check` (a fresh checker: torch imported every time), as watch mode without a
warm checker would pay.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL = 0.5
DLTUTOR = [sys.executable, "-m", "dltutor"]
# A wrong answer per exercise (the check runs in full until it finds the slip) and the slowest checks.
WRONG = {
    "perceptron-and": "import torch\ndef train_perceptron(x, t, lr=0.25, epochs=100):\n    return torch.zeros(x.shape[1]), 0.0\n",
    "conv2d": "import torch.nn.functional as F\ndef conv2d(x, weight, bias=None, stride=1, padding=0):\n"
              "    return F.conv2d(x, weight.flip(-1, -2), bias, stride=stride, padding=padding)\n",
    "attention": "import math, torch\ndef attention(q, k, v, mask=None):\n    s = q @ k.transpose(-2, -1)\n"
                 "    w = torch.softmax(s, -1)\n    return w @ v, w\n",
}


def save(path: Path, text: str, rename: bool) -> float:
    """Write like an editor (in place, or to a temporary file renamed over it); the time it is saved."""
    if rename:
        tmp = path.with_name(f".{path.name}.swp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")
    return time.perf_counter()


def result_lines(proc: subprocess.Popen[str]) -> queue.Queue[float]:
    """The time each result line ("✓ passed" or "✗ ...") of watch mode reaches us."""
    seen: queue.Queue[float] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(("✓ passed", "✗ ")):
                seen.put(time.perf_counter())

    threading.Thread(target=pump, daemon=True).start()
    return seen


def time_watch(workspace: Path, name: str, source: str, rounds: int, env: dict[str, str]) -> tuple[float, list[float]]:
    from dltutor.exercises.registry import find_exercise

    info = find_exercise(name)
    assert info is not None
    path = workspace / info.file
    path.write_text(source, encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.Popen([*DLTUTOR, "exercise", "watch", name, "--dir", str(workspace)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    seen = result_lines(proc)
    try:
        first = seen.get(timeout=120) - started
        delays = []
        for i in range(rounds):
            time.sleep(0.3)  # a learner types between saves
            while not seen.empty():
                seen.get()
            saved = save(path, source + f"# save {i}\n", rename=i % 2 == 1)
            # An in-place save can be caught half-written and checked twice: the result that counts
            # is the last one, of the whole file (none follows within a second).
            last = seen.get(timeout=30)
            while True:
                try:
                    last = seen.get(timeout=1.0)
                except queue.Empty:
                    break
            delays.append(last - saved)
    finally:
        proc.kill()
        proc.wait()
    return first, delays


def time_cold_check(workspace: Path, name: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*DLTUTOR, "exercise", "check", name, "--dir", str(workspace)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="saves timed per exercise")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DLTUTOR_HOME": home, "COLUMNS": "80"}
        workspace = Path(folder) / "ws"
        subprocess.run([*DLTUTOR, "exercise", "init", str(workspace)], stdout=subprocess.DEVNULL, env=env, check=True)
        print(f"{'exercise':<16}{'first check':>12}{'save→result median':>20}{'max':>8}{'cold check':>12}"
              f"   (goal <= {GOAL} s after the first check, {args.rounds} saves each)")
        worst = 0.0
        everything = []
        for name, source in WRONG.items():
            first, delays = time_watch(workspace, name, source, args.rounds, env)
            cold = time_cold_check(workspace, name, env)
            everything += delays
            worst = max(worst, max(delays))
            print(f"{name:<16}{first:>11.2f}s{statistics.median(delays):>19.3f}s{max(delays):>7.3f}s{cold:>11.2f}s")
        median = statistics.median(everything)
        print(f"all saves: median {median:.3f} s, worst {worst:.3f} s; worst / goal = {worst / GOAL:.2f}: "
              f"{'within' if worst <= GOAL else 'OVER'} the goal of {GOAL} s")
        return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
