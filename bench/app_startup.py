"""Time to the first frame of the `dltutor` app against a minimal Textual app, side by side.

Goal (issue 5): the app's first frame within 1.5x the time of a minimal Textual app (one Static
on a pushed Screen, with nothing else).

What is measured: from just before the parent starts a fresh Python process to the moment that
process's app has its first frame: the first screen the app pushed has been composed, laid out
and rendered by the compositor. Python's own start-up, every import, the app's on_mount, the
screen's compose and mount, and the render all count. Both apps run headless (a screen with
nothing to write to), and the same hook ends both: it wraps `App._display`, which the
compositor calls with each rendered update, and on the first update of a pushed screen it
notes the wall clock and exits the app. Apps are run interleaved, round after round, so that
machine noise hits all sides alike; figures are medians.

dltutor runs twice per round: on a fresh data directory (the first run a learner ever has:
the progress database is created, the course parsed from YAML and its cards stored) and on a
reused one (every later start). The goal applies to the reused one; the fresh one is reported.

Run: python bench/app_startup.py [--rounds N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

GOAL = 1.5
# The child imports nothing but its app and this file's two modules: whatever else it loaded
# (argparse, statistics, subprocess: 30 ms) would pad both sides alike and flatter the ratio.


# --- the child: one app, up to its first frame ------------------------------------------------

def _minimal_app():
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    class HelloScreen(Screen):
        def compose(self) -> ComposeResult:
            yield Static("Hello from a minimal Textual app")

    class HelloApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(HelloScreen())

    return HelloApp()


def _dltutor_app():
    from dltutor.tui.launch import build_app

    return build_app()  # on DLTUTOR_HOME, the path `dltutor` takes in a terminal (no Typer)


def child(which: str, out: str) -> None:
    from textual.app import App

    app = _minimal_app() if which == "minimal" else _dltutor_app()
    display = App._display
    seen = {}

    def first_frame(self, screen, renderable):
        display(self, screen, renderable)
        # The default screen is the app's blank canvas before on_mount pushes the real one.
        if not seen and renderable is not None and screen is self.screen and screen.id != "_default":
            seen["at"] = time.time()
            seen["screen"] = type(screen).__name__
            self.exit()

    App._display = first_frame
    app.run(headless=True, size=(80, 24))
    with open(out, "w") as fh:
        fh.write(f"{seen.get('at', 0.0)!r} {seen.get('screen', '-')}")


# --- the parent: rounds of fresh processes ----------------------------------------------------

def run(which: str, env: dict[str, str], out: Path) -> tuple[float, float]:
    """(seconds to the first frame, seconds until the process ended), both from just before its start."""
    import subprocess

    start = time.time()
    subprocess.run([sys.executable, __file__, "--child", which, out], env=env, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ended = time.time()
    at, screen = out.read_text().split()
    if screen not in ("HelloScreen", "HomeScreen"):
        raise SystemExit(f"{which}: the app ended without a frame")
    return float(at) - start, ended - start


def main() -> int:
    import argparse
    import os
    import shutil
    import statistics
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    work = Path(tempfile.mkdtemp(prefix="dltutor-bench-app-"))
    reused = work / "reused"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DLTUTOR_", "TEXTUAL"))}
    # Installed packages run from compiled byte-code; with writing it disabled, a source
    # checkout would recompile dltutor on every run while textual's own .pyc files are used.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root), env.get("PYTHONPATH", "")] if p)
    out = work / "frame.txt"

    def case(name: str, round_no: int) -> tuple[float, float]:
        if name == "minimal":
            return run("minimal", env, out)
        home = reused if name == "dltutor, reused data dir" else work / f"fresh-{round_no}"
        return run("dltutor", {**env, "DLTUTOR_HOME": str(home)}, out)

    names = ["minimal", "dltutor, reused data dir", "dltutor, fresh data dir"]
    for name in names:  # warm up: byte-code compiled, the reused data dir made, the disk cache warm
        case(name, -1)
    frames: dict[str, list[float]] = {name: [] for name in names}
    ends: dict[str, list[float]] = {name: [] for name in names}
    try:
        for k in range(args.rounds):
            for name in names:
                frame, end = case(name, k)
                frames[name].append(frame)
                ends[name].append(end)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = statistics.median(frames["minimal"])
    print("Time from starting a Python process to the app's first frame (first screen composed and")
    print(f"rendered, headless 80x24), and to the process's end; medians of {args.rounds} interleaved rounds.")
    print(f"{'app':<28}{'first frame ms':>15}{'ratio':>8}{'process ms':>12}")
    for name in names:
        med = statistics.median(frames[name])
        print(f"{name:<28}{med * 1000:>15.1f}{med / base:>8.2f}{statistics.median(ends[name]) * 1000:>12.1f}")
    ratio = statistics.median(frames["dltutor, reused data dir"]) / base
    verdict = "within" if ratio <= GOAL else "OVER"
    print(f"dltutor (reused data dir) at {ratio:.2f}x the minimal app: {verdict} the goal of {GOAL}x")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
