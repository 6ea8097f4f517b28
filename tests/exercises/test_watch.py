"""Watch mode's loop, driven directly: a save is checked once, a pass moves on, the last pass ends it."""

from __future__ import annotations

import os

from dltutor.exercises.registry import EXERCISES, find_exercise
from dltutor.exercises.watch import Watch


def _save(workspace, info, source):
    path = workspace.path(info)
    path.write_text(source, encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even within one clock tick


def test_each_save_is_checked_once_and_a_pass_moves_on(checker, workspace):
    size = find_exercise("conv-output-size")
    watch = Watch(workspace, checker, size)
    first = watch.start()
    assert [(e.kind, e.result.kind) for e in first] == [("result", "todo")]
    assert watch.poll() == []  # nothing saved
    _save(workspace, size, "def output_size(w1, f, p, s):\n    return (w1 - f + p) // s + 1\n")
    events = watch.poll()
    assert [(e.kind, e.result.slip) for e in events] == [("result", "padding-once")]
    os.utime(workspace.path(size))  # saved again, unchanged: not checked again
    assert watch.poll() == []
    _save(workspace, size, size.source("solution"))
    events = watch.poll()
    assert [e.kind for e in events] == ["result", "moved"] and events[0].result.passed
    assert watch.exercise is find_exercise("conv2d") and workspace.current() is watch.exercise
    assert workspace.passed(size)


def test_the_last_pass_ends_the_watch(checker, workspace):
    for ex in EXERCISES[:-1]:
        workspace.path(ex).write_text(ex.source("solution"), encoding="utf-8")
        workspace.record(checker.check(ex, workspace.path(ex)))
    last = EXERCISES[-1]
    watch = Watch(workspace, checker)
    assert watch.exercise is last
    watch.start()
    _save(workspace, last, last.source("solution"))
    events = watch.poll()
    assert [e.kind for e in events] == ["result", "done"] and watch.finished
    assert all(workspace.passed(ex) for ex in EXERCISES)


def test_a_deleted_file_is_reported_once_and_checked_when_it_returns(checker, workspace):
    info = find_exercise("btu")
    watch = Watch(workspace, checker, info)
    watch.start()
    os.unlink(workspace.path(info))
    assert [e.kind for e in watch.poll()] == ["missing"]
    assert watch.poll() == []
    _save(workspace, info, "import torch\ndef btu(z):\n    return (z > 0).to(z.dtype)\n")
    assert [e.kind for e in watch.poll()][:2] == ["result", "moved"]
