"""The demos screen: the command line's options and checks in a form, a run in a worker, its controls."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

FAST = "1000"  # the speed field: frames follow each other without the player's pauses


def _gated(monkeypatch):
    """Hold the worker where it would import the demo (and torch) until the test lets it go."""
    from dltutor.tui.screens import demos

    gate = threading.Event()
    real = demos.load_demo_module

    def load(info):
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(20)
        return real(info)

    monkeypatch.setattr(demos, "load_demo_module", load)
    return gate


async def _open(app, pilot, name="perceptron"):
    await app.run_action(f"demos({name!r})")
    await pilot.pause()
    return app.screen


async def _set(pilot, screen, field, value):
    from textual.widgets import Input

    box = screen.form.query_one(f"#opt-{field}", Input)
    box.value = value
    await pilot.pause()


def _plain(widget) -> str:
    """What a Static shows, as plain text (content, or a rich renderable printed)."""
    import io

    from rich.console import Console

    content = widget.content
    if not hasattr(content, "__rich_console__"):
        return str(content)
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


async def _until(pilot, check, seconds=30.0):
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    raise AssertionError("timed out")


def _fresh_interpreter(code: str, home: Path) -> dict:
    """Run `code` in a new Python (nothing imported yet) with `home` as argv[1]; its last line as JSON."""
    env = {k: v for k, v in os.environ.items() if k not in ("DLTUTOR_HOME", "DLTUTOR_NOW")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run([sys.executable, "-c", code, str(home)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_bad_options_are_marked_next_to_their_field_and_nothing_runs(make):
    asyncio.run(_bad_options(make))


async def _bad_options(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await _set(pilot, screen, "lr", "0")
        await _set(pilot, screen, "points", "many")
        await pilot.press("enter")  # from the list: run
        await pilot.pause()
        assert screen.mode == "chooser" and screen.demo_run is None
        assert screen.form.errors == {"points": "--points takes a whole number; 'many' is not one"}
        await _set(pilot, screen, "points", "20")
        await screen.action_run()
        await pilot.pause()
        # The command line's own check and words, shown next to --lr, which has the focus.
        assert screen.form.errors == {"lr": "--lr must be greater than 0, not 0"}
        assert str(screen.form.query_one("#err-lr").render()) == "--lr must be greater than 0, not 0"
        assert app.focused.id == "opt-lr"
        await _set(pilot, screen, "gate", "xor")
        await _set(pilot, screen, "lr", "0.1")
        await pilot.press("enter")  # in the field: run
        await pilot.pause()
        assert "no perceptron learns XOR" in screen.form.errors["gate"]
        assert screen.demo_run is None


def test_a_run_shows_its_intro_while_torch_loads_then_frames_then_the_engines_summary(make, monkeypatch):
    asyncio.run(_run(make, monkeypatch))


async def _run(make, monkeypatch):
    from dltutor.demos import perceptron
    from dltutor.tui.widgets.demo_frame import DemoChart, DemoFrameView

    gate = _gated(monkeypatch)
    app = make()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(app, pilot)
        await _set(pilot, screen, "gate", "or")
        await _set(pilot, screen, "speed", FAST)
        await pilot.press("enter")
        await pilot.pause()
        run = screen.demo_run
        # The first frame, built without torch: title, formula, options, and the loading state said.
        assert run.state == "loading" and run.frames == 0
        status = str(screen.query_one("#run-status").render())
        assert "loading torch" in status
        intro = str(screen.query_one("#frame-intro").render())
        assert "The perceptron learning rule" in intro and "Δwᵢ = λ(tₖ − yₖ) xₖᵢ" in intro
        assert "--gate or" in intro
        assert not list(screen.query(DemoChart))
        gate.set()
        await _until(pilot, lambda: run.state == "done")
        expected = list(perceptron.run(**run.options))
        assert run.frames == len(expected)
        assert run.last.summary == expected[-1].summary
        assert run.last.summary["converged"] is True and run.last.summary["data"] == "or"
        summary = _plain(screen.query_one("#frame-summary"))
        rows = {line.split()[0]: line.split()[-1] for line in summary.splitlines() if line.strip()}
        assert rows["converged"] == "yes" and rows["data"] == "or" and rows["updates"] == str(expected[-1].summary["updates"])
        assert [c.chart.name for c in screen.query_one(DemoFrameView).query(DemoChart)] == ["data", "errors"]
        assert "✓ done" in str(screen.query_one("#run-status").render())
        assert gc.isenabled()  # the backend turns the collector off while torch imports, and on again
        assert app.services.conn.execute("SELECT kind, subject, via FROM activity").fetchall() == \
            [("demo", "perceptron", "app")]  # what `dltutor next` reads, as `dltutor demo` leaves it
        await _until(pilot, run.finished.is_set)


def test_pause_step_restart_and_stop(make, monkeypatch):
    asyncio.run(_controls(make, monkeypatch))


async def _controls(make, monkeypatch):
    gate = _gated(monkeypatch)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "gd")
        await _set(pilot, screen, "epochs", "5")
        await _set(pilot, screen, "speed", FAST)
        await pilot.press("enter")
        await pilot.press("p")  # paused before the first frame: it will hold there
        first = screen.demo_run
        gate.set()
        await _until(pilot, lambda: first.frames == 1)
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert first.frames == 1 and first.state == "paused"
        await pilot.press("n")
        await _until(pilot, lambda: first.frames == 2)
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert first.frames == 2 and first.state == "paused"
        assert first.last.step == 1 and " 1/5" in str(screen.query_one("#run-status").render())
        await pilot.press("r")  # restart: a new run from the first frame, the old one cancelled
        second = screen.demo_run
        assert second is not first and first.cancelled.is_set()
        await _until(pilot, lambda: second.state == "done")
        assert second.last.summary is not None and first.frames == 2
        # Ctrl+C stops a paused run cleanly; Esc goes back to the form, then off the screen.
        gate.clear()
        await pilot.press("r")
        third = screen.demo_run
        await pilot.press("ctrl+c")  # while torch "loads": the worker returns as soon as it is let go
        gate.set()
        assert third.state == "stopped" and third.cancelled.is_set()
        await _until(pilot, third.finished.is_set)
        await pilot.press("escape")
        assert screen.mode == "chooser"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


def test_escape_during_a_run_stops_the_worker(make, monkeypatch):
    asyncio.run(_escape(make, monkeypatch))


async def _escape(make, monkeypatch):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "xor")
        await pilot.press("enter")  # speed 1: a long run
        run = screen.demo_run
        await _until(pilot, lambda: run.frames >= 1)
        await pilot.press("escape")
        assert run.cancelled.is_set() and screen.mode == "chooser"
        await _until(pilot, run.finished.is_set)
        assert run.state == "stopped" and run.last.summary is None


def test_torch_is_imported_in_the_worker_never_on_the_ui_thread(tmp_path):
    # A fresh interpreter, so that torch is not loaded yet; an audit hook sees which thread imports it.
    code = r"""
import asyncio, sys, threading, json
from pathlib import Path
seen = []
def hook(event, args):
    if event == "import" and args[0] == "torch":
        seen.append(threading.current_thread() is threading.main_thread())
sys.addaudithook(hook)
from dltutor.tui.app import make_app

async def main():
    app = make_app(home=Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("demos('neuron')")
        await pilot.pause()
        screen = app.screen
        await screen.action_run()  # as Enter does; the status is what the first refresh will draw
        shown = str(screen.query_one("#run-status").render())
        for _ in range(1500):
            if screen.demo_run.state == "done":
                break
            await asyncio.sleep(0.02)
        print(json.dumps({"first": shown, "state": screen.demo_run.state, "main": seen}))

asyncio.run(main())
"""
    out = _fresh_interpreter(code, tmp_path)
    assert "loading torch" in out["first"]
    assert out["state"] == "done"
    assert out["main"] and not any(out["main"])


def test_layout_of_a_chosen_demo_and_its_form(make, snap_compare):
    async def choose(pilot):
        await pilot.app.run_action("demos('perceptron')")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=choose)



def test_enter_before_the_form_arrives_never_spins(make):
    """Enter typed while the chosen demo's form is still on its way waits for it a moment, then gives up."""
    async def go():
        import time

        from dltutor.tui.widgets.demo_form import DemoForm

        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.run_action("demos('perceptron')")
            await pilot.pause()
            screen = app.screen
            screen.form = DemoForm("perceptron", None)  # never mounted
            screen._form_mounting = asyncio.get_running_loop().create_future()  # and never will be
            started = time.monotonic()
            await screen.action_run()
            assert time.monotonic() - started < 2.0
            assert screen.demo_run is None and screen.mode == "chooser"

    asyncio.run(go())


def test_the_form_is_built_and_checked_without_typer_or_the_command_line(tmp_path):
    # Options as data: the app reads the specs, never the Typer commands.
    code = r"""
import asyncio, sys, json
from pathlib import Path
from dltutor.tui.app import make_app
from dltutor.demos.registry import DEMOS

async def main():
    app = make_app(home=Path(sys.argv[1]))
    checked = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for info in DEMOS:
            await app.run_action(f"demos({info.name!r})")
            await pilot.pause()
            form = app.screen.form
            result = form.check()
            checked[info.name] = [f.flag for f in form.fields] if result is not None else None
            app.pop_screen()
            await pilot.pause()
    loaded = sorted(m for m in sys.modules if m.split(".")[0] == "typer" or m.startswith("dltutor.cli"))
    print(json.dumps({"checked": checked, "loaded": loaded}))

asyncio.run(main())
"""
    out = _fresh_interpreter(code, tmp_path)
    from dltutor.demos.options import fields
    from dltutor.demos.registry import DEMOS

    assert out["checked"] == {d.name: [o.flag for o in fields(d)] for d in DEMOS}
    assert out["loaded"] == []


def test_a_run_past_the_budget_is_marked_on_the_first_option_it_names(make):
    async def go():
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(app, pilot, "gd")
            await _set(pilot, screen, "points", "100000")
            await _set(pilot, screen, "epochs", "100000")
            await _set(pilot, screen, "batch_size", "1")
            await screen.action_run()
            await pilot.pause()
            assert screen.demo_run is None
            assert list(screen.form.errors) == ["points"]
            assert screen.form.errors["points"].startswith("--points 100000, --epochs 100000 and --batch-size 1 "
                                                           "would take about")

    asyncio.run(go())


def test_e_skips_to_the_end_and_shows_the_last_frame(make):
    async def go():
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(app, pilot, "gd")
            await pilot.press("enter")  # speed 1: about six seconds of frames
            run = screen.demo_run
            await _until(pilot, lambda: run.frames >= 1)
            await pilot.press("e")
            assert run.state in ("skipping", "done")
            await _until(pilot, lambda: run.state == "done", seconds=20)
            assert run.last.summary is not None and run.last.step == 30
            assert run.frames < 10  # the frames in between were computed, not drawn
            assert "✓ done" in str(screen.query_one("#run-status").render())

    asyncio.run(go())


def test_a_new_demo_draws_its_heatmaps_and_summary_from_the_same_frames(make, monkeypatch):
    async def go():
        from dltutor.demos import conv

        app = make()
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await _open(app, pilot, "conv")
            await _set(pilot, screen, "speed", FAST)
            await _set(pilot, screen, "filter", "edge-y")
            await pilot.press("enter")
            run = screen.demo_run
            await _until(pilot, lambda: run.state == "done")
            expected = list(conv.run(**run.options))
            assert run.last.summary == expected[-1].summary and run.last.summary["filter"] == "edge-y"
            shown = _plain(screen.query_one("#frame-heatmaps"))
            assert "input 12×12" in shown and "max pooled 5×5" in shown
            summary = _plain(screen.query_one("#frame-summary"))
            assert "params dense" in summary and "14500" in summary

    asyncio.run(go())
