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


class _Clock:
    """Time as the player sees it: the real clock plus every wait it asked for, which returns at once."""

    def __init__(self, keys=()):
        import time as real

        self.real = real
        self.waited = 0.0
        self.keys = list(keys)
        self.asked = 0

    def monotonic(self):
        return self.real.monotonic() + self.waited

    def sleep(self, seconds):
        self.waited += max(0.0, seconds)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def wait(self, seconds):
        self.asked += 1
        if self.keys:
            return self.keys.pop(0)
        self.waited += max(0.0, seconds)
        return ""


def _play(name, clock, monkeypatch, **values):
    import importlib
    import time

    from dltutor.course.load import load_course
    from dltutor.demos.options import check
    from dltutor.demos.registry import find_demo

    info = find_demo(name)
    options, speed = check(info, values)
    monkeypatch.setattr(view, "time", clock)
    c = console(80, 24)
    start = time.monotonic()
    last = view.play_animated(info, load_course(), lambda: importlib.import_module(info.module).run(**options), c,
                              speed, keys=clock)
    return last, time.monotonic() - start, c.file.getvalue()


@pytest.mark.parametrize("name", ["neuron", "activations", "perceptron", "xor", "gradient-descent", "backprop", "conv",
                                  "receptive-field", "vanishing", "regularization", "momentum", "cnn"])
def test_no_animation_takes_over_15_seconds_at_the_default_speed(name, monkeypatch):
    clock = _Clock()
    last, real, out = _play(name, clock, monkeypatch)
    assert last.summary is not None and "Try next" in out
    assert real + clock.waited <= 15.0, (real, clock.waited)


def test_e_skips_to_the_end_computing_the_rest_without_drawing_it(monkeypatch):
    drawn = []
    real_view = view.frame_view
    monkeypatch.setattr(view, "frame_view", lambda frame, *a, **k: drawn.append(frame) or real_view(frame, *a, **k))
    clock = _Clock(keys=["e"])
    last, _, out = _play("gradient-descent", clock, monkeypatch)
    assert clock.asked == 1 and clock.waited == 0  # the first wait got the key
    assert [f.step for f in drawn] == [0, 30]  # the first frame, animated; then the last, in full
    assert last.summary is not None and last.step == 30 and "Summary" in out


def test_p_pauses_until_pressed_again(monkeypatch):
    clock = _Clock(keys=["", "p", "", "", "p", "e"])
    last, _, _ = _play("perceptron", clock, monkeypatch)
    assert clock.asked == 6 and last.summary is not None


def test_the_header_stays_above_the_animation_at_80x24():
    from dltutor.course.load import load_course
    from dltutor.demos.registry import DEMOS

    course = load_course()
    for info in DEMOS:
        c = console(80, 24)
        head = view.live_header(info, course, c, 24)
        lines = rendered_lines(c, head)
        assert len(lines) <= 8, info.name
        text = "".join(seg.text for line in lines for seg in line)
        assert info.title[:30] in text and "e or Enter: skip to the end" in text
