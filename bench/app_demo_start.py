"""Starting a demo in the app: its first frame is up at once, while torch loads in the worker.

Each round is a fresh interpreter (torch not yet imported) running the app headless: open the
demos screen, start the perceptron, and time (a) the first frame on screen (title, formulas,
options, "loading torch…"), (b) the first frame the demo computed, and (c) the longest the UI
thread's event loop went without running a 10 ms timer meanwhile: how frozen the app was.
Goals: (a) at most 50 ms, (c) at most 500 ms: loading torch's
shared libraries holds the GIL once for 0.15-0.35 s, early in the import, after the first frame is drawn. Exit 0 when both are met.

    python bench/app_demo_start.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ROUND = r"""
import asyncio, json, sys, time
from pathlib import Path
from dltutor.tui.app import make_app

async def main():
    app = make_app(home=Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("demos('perceptron')")
        await pilot.pause()
        screen = app.screen
        assert "torch" not in sys.modules
        gaps = []
        last = [time.perf_counter()]

        def tick():
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        # When the status line is drawn saying "loading torch…" (Textual calls render() to draw it).
        box = screen.query_one("#run-status")
        drawn = []
        real_render = box.render

        def render():
            content = real_render()
            if not drawn and "loading torch" in str(content):
                drawn.append(time.perf_counter())
            return content

        box.render = render
        timer = app.set_interval(0.01, tick)
        start = time.perf_counter()
        screen.action_run()
        while screen.demo_run.frames == 0:
            await asyncio.sleep(0.001)
        first = time.perf_counter() - start
        timer.stop()
        shown = drawn[0] - start if drawn else None
        print(json.dumps({"shown": shown, "first": first, "stall": max(gaps, default=0.0),
                          "loading": bool(drawn) and shown < first}))

asyncio.run(main())
"""


def one_round(home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DLTUTOR_HOME", "DLTUTOR_NOW")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-c", ROUND, home], capture_output=True, text=True, env=env, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        one_round(home)  # warm the data directory and the OS's file cache
        rounds = [one_round(home) for _ in range(args.rounds)]
    shown = statistics.median(r["shown"] if r["shown"] is not None else float("inf") for r in rounds)
    first = statistics.median(r["first"] for r in rounds)
    stall = max(r["stall"] for r in rounds)
    said = all(r["loading"] for r in rounds)
    print(f"first frame on screen (intro, 'loading torch…'): {1000 * shown:.0f} ms median (goal ≤ 50 ms)")
    print(f"first computed frame (torch imported in the worker): {1000 * first:.0f} ms median")
    print(f"longest UI stall while torch loaded: {1000 * stall:.0f} ms worst of {args.rounds} (goal ≤ 500 ms)")
    print(f"'loading torch…' drawn before the first computed frame: {'yes' if said else 'NO'}")
    return 0 if shown <= 0.05 and stall <= 0.5 and said else 1


if __name__ == "__main__":
    sys.exit(main())
