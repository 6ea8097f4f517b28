"""Learner code runs in a limited child of the checker: whatever it does is reported, and the checker lives on."""

from __future__ import annotations

import os

import pytest

from dltutor.exercises.registry import find_exercise
from dltutor.exercises.runner import Checker
from dltutor.exercises.wording import verdict

SIZE = find_exercise("conv-output-size")
GOOD = "def output_size(w1, f, p, s):\n    return (w1 - f + 2 * p) // s + 1\n"


def _check(checker, workspace, source):
    workspace.path(SIZE).write_text(source, encoding="utf-8")
    return checker.check(SIZE, workspace.path(SIZE))


@pytest.fixture(scope="module")
def quick():
    with Checker(time_limit=1.5) as c:
        yield c


def test_an_infinite_loop_is_stopped_at_the_time_limit_and_says_where(quick, workspace):
    result = _check(quick, workspace, "def output_size(w1, f, p, s):\n    print('looping')\n    while True:\n        pass\n")
    assert result.kind == "timeout" and result.call == "output_size(32, 5, 0, 1)"
    assert 1.4 < result.seconds < 5 and result.output.strip() == "looping"
    assert "infinite loop" in verdict(SIZE, result).diagnosis
    assert _check(quick, workspace, GOOD).passed  # the same checker goes on


def test_a_crash_sys_exit_and_os_exit_are_each_reported(checker, workspace):
    crash = _check(checker, workspace, "import ctypes\ndef output_size(w1, f, p, s):\n    return ctypes.string_at(0)\n")
    assert (crash.kind, crash.detail) == ("crash", "SIGSEGV")
    leave = _check(checker, workspace, "import sys\ndef output_size(w1, f, p, s):\n    sys.exit(3)\n")
    assert leave.kind == "exit" and leave.detail == "sys.exit(3)" and 'line 3, in output_size' in leave.traceback
    hard = _check(checker, workspace, "import os\ndef output_size(w1, f, p, s):\n    os._exit(4)\n")
    assert hard.kind == "exit" and "status 4" in hard.detail
    top = _check(checker, workspace, "raise SystemExit(0)\n")
    assert top.kind == "exit"
    assert _check(checker, workspace, GOOD).passed


def test_a_memory_hog_meets_the_memory_limit(checker, workspace):
    result = _check(checker, workspace, "def output_size(w1, f, p, s):\n    x = bytearray(8 << 30)\n    return 1\n")
    assert result.kind == "memory" and "MemoryError" in result.traceback
    grow = _check(checker, workspace, "import torch\ndef output_size(w1, f, p, s):\n    return torch.ones(1 << 31).shape[0]\n")
    assert grow.kind == "memory"


def test_syntax_and_import_errors_show_the_learners_file_only(checker, workspace):
    syntax = _check(checker, workspace, "def output_size(w1, f, p, s)\n    return 1\n")
    assert syntax.kind == "syntax" and "SyntaxError: expected ':'" in syntax.traceback
    assert 'File "09_conv_output_size.py", line 1' in syntax.traceback
    missing = _check(checker, workspace, "import no_such_module_here\n")
    assert missing.kind == "import" and "ModuleNotFoundError" in missing.traceback
    deep = _check(checker, workspace, "def helper(a):\n    return a[10]\ndef output_size(w1, f, p, s):\n    return helper([w1])\n")
    assert deep.kind == "exception"
    assert deep.traceback.splitlines() == [
        '  File "09_conv_output_size.py", line 4, in output_size', "    return helper([w1])",
        '  File "09_conv_output_size.py", line 2, in helper', "    return a[10]", "IndexError: list index out of range"]
    for result in (syntax, missing, deep):
        assert "dltutor" not in result.traceback and "site-packages" not in result.traceback
    renamed = _check(checker, workspace, "def size(w1, f, p, s):\n    return 1\n")
    assert (renamed.kind, renamed.detail) == ("missing", "output_size")


def test_no_network_and_no_stdin(checker, workspace):
    net = _check(checker, workspace, "import socket\ndef output_size(w1, f, p, s):\n"
                 "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n")
    assert net.kind == "exception" and "network" in net.traceback
    typed = _check(checker, workspace, "def output_size(w1, f, p, s):\n    return int(input())\n")
    assert typed.kind == "exception" and "EOFError" in typed.traceback


def test_a_torch_py_in_the_workspace_does_not_shadow_torch_and_in_place_edits_stay_the_learners(checker, workspace):
    info = find_exercise("softmax")
    (workspace.root / "torch.py").write_text("raise ImportError('the workspace shadowed torch')\n")
    workspace.path(info).write_text(info.source("solution"), encoding="utf-8")
    assert checker.check(info, workspace.path(info)).passed  # torch was imported before the learner's folder joined sys.path
    os.unlink(workspace.root / "torch.py")
    workspace.path(info).write_text("import torch\ndef softmax(z, dim=-1):\n    z -= z.amax(dim=dim, keepdim=True)\n"
                                    "    z.exp_()\n    return z / z.sum(dim=dim, keepdim=True)\n")
    assert checker.check(info, workspace.path(info)).passed  # in-place work on its argument is the learner's own


def test_without_fork_each_check_runs_in_a_fresh_checker(workspace):
    with Checker(time_limit=10, env={"DLTUTOR_CHECKER_FORK": "0"}) as plain:
        assert _check(plain, workspace, GOOD).passed
        assert plain.proc is None  # it answered once and exited
        assert _check(plain, workspace, "def output_size(w1, f, p, s):\n    return 0\n").kind == "mismatch"
