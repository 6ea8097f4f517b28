"""The workspace: init never overwrites a learner's file without --force, commands find it, progress survives."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.exercises.registry import EXERCISES, find_exercise
from dltutor.exercises.runner import CheckResult, digest
from dltutor.exercises.workspace import MARKER, load

runner = CliRunner()


def cli(*args, cwd=None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(app, ["exercise", *args], env={"COLUMNS": "80"})
    finally:
        os.chdir(old)


def test_init_writes_every_stub_and_refuses_to_overwrite_your_work(tmp_path):
    ws = tmp_path / "ws"
    first = cli("init", str(ws))
    assert first.exit_code == 0, first.output
    for ex in EXERCISES:
        assert (ws / ex.file).read_text(encoding="utf-8") == ex.source("stub")
    assert (ws / "README.md").is_file() and (ws / MARKER).is_file()
    assert cli("init", str(ws)).exit_code == 0  # nothing of yours there yet: nothing to refuse
    mine = "def btu(z):\n    return z  # my attempt\n"
    (ws / "01_btu.py").write_text(mine)
    (ws / "05_softmax.py").unlink()
    again = cli("init", str(ws))
    assert again.exit_code == 2
    assert again.stderr.startswith("dltutor: error: ") and "01_btu.py" in again.stderr and "--force" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    assert (ws / "01_btu.py").read_text() == mine and not (ws / "05_softmax.py").exists()  # nothing written
    forced = cli("init", str(ws), "--force")
    assert forced.exit_code == 0 and "01_btu.py" in forced.stdout
    assert (ws / "01_btu.py").read_text() == EXERCISES[0].source("stub")
    assert (ws / "05_softmax.py").read_text() == find_exercise("softmax").source("stub")


def test_commands_find_the_workspace_from_a_subfolder_or_by_dir(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    (ws / "notes" / "deep").mkdir(parents=True)
    inside = cli("list", "--json", cwd=ws / "notes" / "deep")
    assert inside.exit_code == 0, inside.output
    assert [e["file"] for e in json.loads(inside.stdout)] == [ex.file for ex in EXERCISES]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lost = cli("list", cwd=elsewhere)
    assert lost.exit_code == 2 and lost.stderr.startswith("dltutor: error: no exercises workspace")
    assert str(ws) in lost.stderr  # the one used last is named
    by_dir = cli("hint", "btu", "--dir", str(ws), cwd=elsewhere)
    assert by_dir.exit_code == 0 and "Hint 1 of 4 for btu" in by_dir.stdout
    assert cli("list", "--dir", str(tmp_path / "nope")).exit_code == 2


def test_a_damaged_progress_file_is_one_line_and_left_as_it_is(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    (ws / MARKER).write_text("{not json")
    result = cli("list", "--dir", str(ws))
    assert result.exit_code == 2 and "cannot read" in result.stderr and len(result.stderr.splitlines()) == 1
    assert (ws / MARKER).read_text() == "{not json"


def test_progress_is_written_before_it_is_shown_and_survives_a_kill(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    info = find_exercise("btu")
    (ws / info.file).write_text(info.source("solution"))
    # A process that records a passing check, then is killed without any cleanup.
    code = ("import os, sys; from pathlib import Path; from dltutor.exercises.workspace import load;"
            "from dltutor.exercises.runner import CheckResult, digest;"
            f"w = load(Path({str(ws)!r})); src = (w.root / '01_btu.py').read_bytes();"
            "w.record(CheckResult('btu', True, calls=30, digest=digest(src))); os.kill(os.getpid(), 9)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == -9
    workspace = load(ws)
    assert workspace.passed(info) and workspace.state(info).solved
    assert not [p for p in os.listdir(ws) if p.endswith(".tmp")]
    (ws / info.file).write_text(info.source("solution") + "\n# edited\n")
    assert workspace.status(info) == "edited" and not workspace.passed(info)


def test_reset_puts_the_stub_back_and_keeps_your_version(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    (ws / "09_conv_output_size.py").write_text("# mine\n")
    result = cli("reset", "output_size", "--dir", str(ws))
    assert result.exit_code == 0 and ".dltutor-reset" in result.stdout
    assert (ws / "09_conv_output_size.py").read_text() == find_exercise("conv-output-size").source("stub")
    assert (ws / ".dltutor-reset" / "09_conv_output_size.py").read_text() == "# mine\n"
    assert cli("reset", "nope", "--dir", str(ws)).exit_code == 2


def test_the_solution_opens_after_passing_or_after_five_failed_checks_with_a_warning(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    info = find_exercise("softmax")
    refused = cli("solution", "softmax", "--dir", str(ws))
    assert refused.exit_code == 2 and "0 so far" in refused.stderr and refused.stdout == ""
    workspace = load(ws)
    for _ in range(5):
        workspace.record(CheckResult("softmax", False, kind="overflow", digest="x"))
    warned = cli("solution", "softmax", "--dir", str(ws))
    assert warned.exit_code == 0 and warned.stdout == info.source("solution")
    assert "warning" in warned.stderr and "5 failed checks" in warned.stderr
    other = find_exercise("btu")
    workspace.record(CheckResult("btu", True, digest=digest((ws / other.file).read_bytes())))
    opened = cli("solution", "btu", "--dir", str(ws))
    assert opened.exit_code == 0 and opened.stdout == other.source("solution") and opened.stderr == ""
