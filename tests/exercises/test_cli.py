"""`dltutor exercise` as scripts use it: the --json contracts, exit statuses, hint tiers one by one."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.exercises.registry import EXERCISES, find_exercise

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, ["exercise", *args], env={"COLUMNS": "80"})


def test_list_json_has_name_lecture_file_and_passed_for_every_exercise(tmp_path):
    cli("init", str(tmp_path / "ws"))
    data = json.loads(cli("list", "--json", "--dir", str(tmp_path / "ws")).stdout)
    assert [(e["name"], e["lecture"], e["file"], e["passed"]) for e in data] == [
        (ex.name, ex.lecture, ex.file, False) for ex in EXERCISES]
    assert all((tmp_path / "ws" / e["file"]).is_file() for e in data)
    table = cli("list", "--dir", str(tmp_path / "ws"))
    assert table.exit_code == 0 and "0 of 14 passed" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()[1:]) <= 80  # the first names the folder


def test_check_json_passed_or_diagnosis_and_hint(tmp_path):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    (ws / "09_conv_output_size.py").write_text("def output_size(w1, f, p, s):\n    return (w1 - f + 2 * p) / s + 1\n")
    failed = cli("check", "conv-output-size", "--json", "--dir", str(ws))
    assert failed.exit_code == 1
    data = json.loads(failed.stdout)
    assert data["passed"] is False and data["kind"] == "floor" and data["slip"] == "float"
    assert "output_size(32, 5, 0, 1) returned 28.0" in data["diagnosis"] and "//" in data["hint"]
    (ws / "09_conv_output_size.py").write_text("def output_size(w1, f, p, s):\n    return (w1 - f + 2 * p) // s + 1\n")
    passed = cli("check", "9", "--json", "--dir", str(ws))
    assert passed.exit_code == 0
    data = json.loads(passed.stdout)
    assert data["passed"] is True and "diagnosis" not in data and "hint" not in data
    listed = {e["name"]: e for e in json.loads(cli("list", "--json", "--dir", str(ws)).stdout)}
    assert listed["conv-output-size"]["passed"] is True and listed["conv-output-size"]["tries"] == 1
    text = cli("check", "9", "--dir", str(ws))
    assert text.exit_code == 0 and text.stdout.startswith("✓ passed conv-output-size")


def test_hint_gives_the_next_tier_each_time_the_last_from_the_last_check(tmp_path, course):
    ws = tmp_path / "ws"
    cli("init", str(ws))
    about = [json.loads(cli("hint", "softmax", "--json", "--dir", str(ws)).stdout) for _ in range(5)]
    assert [(h["tier"], h["about"]) for h in about] == [
        (1, "nudge"), (2, "lecture"), (3, "formula"), (4, "diagnosis"), (4, "diagnosis")]
    assert "amax" in about[0]["lines"][0]
    assert about[1]["lines"][0].startswith("Lecture 4: ") and any("dltutor glossary softmax-function" in line
                                                                   for line in about[1]["lines"])
    assert any("softmax(z) = softmax(z − maxⱼ zⱼ)" in line or "max" in line for line in about[2]["lines"])
    assert "No check yet" in about[3]["lines"][0]
    (ws / "05_softmax.py").write_text("import torch\ndef softmax(z, dim=-1):\n    e = torch.exp(z)\n"
                                      "    return e / e.sum(dim=dim, keepdim=True)\n")
    assert cli("check", "softmax", "--dir", str(ws)).exit_code == 1
    diagnosis = json.loads(cli("hint", "softmax", "--json", "--dir", str(ws)).stdout)["lines"]
    assert diagnosis[0].startswith("Overflow (nan or inf): softmax(tensor([1000, 1001, 1002])) returned tensor([nan, nan, nan])")
    assert any("subtract" in line for line in diagnosis)
    plain = cli("hint", "softmax", "--dir", str(ws))
    assert plain.exit_code == 0 and "Hint 4 of 4" in plain.stdout


def test_unknown_names_and_bad_combinations_are_one_line_errors(tmp_path):
    cli("init", str(tmp_path / "ws"))
    for args in (["check", "sofmax"], ["hint", "nope"], ["check", "btu", "--all"], ["solution", "x"]):
        result = cli(*args, "--dir", str(tmp_path / "ws"))
        assert result.exit_code == 2 and result.stderr.startswith("dltutor: error: "), args
        assert len(result.stderr.strip().splitlines()) == 1
    assert "did you mean softmax" in cli("check", "sofmax", "--dir", str(tmp_path / "ws")).stderr
    assert find_exercise("output_size") is find_exercise("conv-output-size") is find_exercise("09_conv_output_size.py")


def test_the_readmes_exercise_check_is_what_the_command_prints(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ cd dltutor-exercises\n(.*?)```", readme, re.S)[1]
    shown = re.split(r"^\$ .*\n", block, flags=re.M)[1:]
    ws = tmp_path / "ws"
    cli("init", str(ws))
    (ws / "07_mse.py").write_text("import torch\n\n\ndef mse(y, t):\n    return 0.5 * ((t - y) ** 2).mean()\n\n\n"
                                  "def mse_grad(y, t):\n    return (y - t) / y.numel()\n")
    wrong = cli("check", "mse", "--dir", str(ws))
    assert wrong.stdout == shown[0]
    (ws / "07_mse.py").write_text("import torch\n\n\ndef mse(y, t):\n    return ((t - y) ** 2).mean()\n\n\n"
                                  "def mse_grad(y, t):\n    return 2 * (y - t) / y.numel()\n")
    right = cli("check", "mse", "--dir", str(ws))
    seconds = re.compile(r"\(\d+\.\d\d s\)")
    assert seconds.sub("", right.stdout) == seconds.sub("", shown[1])
