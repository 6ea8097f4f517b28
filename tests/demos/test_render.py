"""The terminal player: fitting a frame to the screen, chart ticks, the deferred progress bar."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from dltutor.demos import backprop, xor
from dltutor.demos.frames import Frame, Matrix
from dltutor.render import demo as view


def console(width: int = 80, height: int = 24) -> Console:
    return Console(file=io.StringIO(), width=width, height=height, force_terminal=True, color_system="truecolor")


def rendered_lines(c: Console, renderable) -> list[str]:
    return [line for line in c.render_lines(renderable, c.options, pad=False)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
def test_animated_frames_fit_the_terminal(size):
    c = console(*size)
    frames = list(backprop.run([1.0, 0.0], steps=3)) + list(xor.run(mlp_epochs=100))
    for frame in frames:
        lines = rendered_lines(c, view.frame_view(frame, c, width=size[0], height=size[1] - 1, bar=True))
        assert len(lines) <= size[1] - 1


def test_the_newest_table_stays_when_old_ones_must_go():
    c = console(80, 24)
    update_stage = [f for f in backprop.run([1.0, 0.0], steps=1) if f.stage == "update"][0]
    c.print(view.frame_view(update_stage, c, width=80, height=23, bar=True))
    out = c.file.getvalue()
    assert "step 1: update" in out and "step 1: forward pass" not in out


def test_text_from_a_frame_cannot_send_escape_sequences():
    c = Console(file=io.StringIO(), width=80)
    frame = Frame("x", 1, 1, text="evil \x1b]0;title\x07 \x1b[31mred", scalars={"\x1b[2Jk": 1.0},
                  matrices=[Matrix("m\x1b[1A", [[1.0]], rows=["r\x1b[0m"], cols=["c"])])
    c.print(view.frame_view(frame, c, width=80, height=20, bar=True))
    assert "\x1b" not in c.file.getvalue()


@pytest.mark.parametrize("lo, hi, count, ticks", [(-1.5, 1.5, 4, [-1, 0, 1]), (0, 2000, 4, [0, 1000, 2000]),
                                                   (0, 4, 3, [0, 2, 4]), (-6, 6, 5, [-5, -2.5, 0, 2.5, 5])])
def test_chart_ticks_are_round_numbers(lo, hi, count, ticks):
    assert view.nice_ticks(lo, hi, count) == ticks


def test_the_progress_bar_waits_a_second(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(view.time, "monotonic", lambda: clock[0])
    progress = view._Progress("demo", enabled=True)
    progress.update(Frame("x", 1, 10))
    assert progress.bar is None  # a quick run never shows one
    clock[0] = 1.5
    progress.update(Frame("x", 2, 10))
    assert progress.bar is not None
    assert progress.bar.tasks[0].completed == 2 and progress.bar.tasks[0].total == 10
    progress.close()


def test_numbers_are_shown_as_a_learner_reads_them():
    assert [view.fmt(v) for v in (True, 3, 0.0, 1 / 3, float("inf"), None, [0.5, -1.0])] == \
        ["yes", "3", "0", "0.3333", "∞", "–", "(0.5, -1)"]
    assert view.fmt_named("mlp accuracy", 0.75) == "75%"


def test_a_diverging_curve_is_drawn_quickly_and_leaves_the_chart():
    import time

    from dltutor.demos.frames import Chart, Series
    from dltutor.render.demo import chart_view

    chart = Chart("sweep", "batch GD past 2/L", xlabel="epoch", ylim=(0, 2))
    diverging = Series("1.1× 2/L", [1.0 * 1.5 ** k if k < 40 else 1e30 for k in range(60)])
    start = time.perf_counter()
    chart_view(chart, [diverging], [], 60, 14, False)
    assert time.perf_counter() - start < 1.0  # it took ~11 s when plotext drew the line to 1e30
