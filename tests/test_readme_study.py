"""The README's studying examples are what the commands really print."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from typer.testing import CliRunner

from dltutor.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def block(command: str) -> str:
    """The console block whose first line is `$ command`, without that line."""
    m = re.search(r"```console\n\$ " + re.escape(command) + r"\n(.*?)```", README, re.S)
    assert m, f"no README block for {command}"
    return m[1].rstrip("\n")


def run(args, input, now):
    result = runner.invoke(app, args, input=input, env={"COLUMNS": "80", "DLTUTOR_NOW": now, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n")


def answers(shown: str, prompt: str) -> str:
    return "".join(m + "\n" for m in re.findall(rf"^\s*{prompt}[^:]*: (.*)$", shown, re.M))


def test_quiz_and_review_examples():
    quiz = block("dltutor quiz lecture-3 --n 3 --seed 1")
    now = "2026-01-15T09:00:00+00:00"
    assert run(["quiz", "lecture-3", "--n", "3", "--seed", "1"], answers(quiz, "Your answer"), now) == quiz
    review = block("dltutor review")
    assert run(["review"], answers(review, "Rating"), now) == review


def test_stats_example(_isolated_home, course, simulate):
    simulate(_isolated_home, course, 61)
    quiz = block("dltutor quiz lecture-3 --n 3 --seed 1")
    now = datetime(2025, 7, 31, 18, tzinfo=timezone.utc).isoformat()
    run(["quiz", "lecture-3", "--n", "3", "--seed", "1"], answers(quiz, "Your answer"), now)
    shown = block("dltutor stats").splitlines()
    head, tail = shown[:shown.index("...")], shown[shown.index("...") + 1:]
    out = run(["stats"], "", now).splitlines()
    assert out[:len(head)] == head and out[-len(tail):] == tail


def test_practice_examples():
    shown = block("dltutor practice conv-output-size --n 2 --seed 5")
    now = "2026-01-15T09:00:00+00:00"
    assert run(["practice", "conv-output-size", "--n", "2", "--seed", "5"], answers(shown, "Your answer"), now) == shown
    m = re.search(r"```console\n\$ echo '([^']*)' \| dltutor practice softmax --seed 1 --n 1 --json 2>/dev/null \| "
                  r"python3 -c '.*?'\n(.*?)\n```", README, re.S)
    assert m, "no README block for practice --json"
    result = runner.invoke(app, ["practice", "softmax", "--seed", "1", "--n", "1", "--json"], input=m[1] + "\n",
                           env={"DLTUTOR_NOW": now})
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout.splitlines()[0])
    assert str({k: d[k] for k in ("kind", "params", "answer", "expected", "verdict")}) == m[2]


def test_backup_list_example(_isolated_home, monkeypatch):
    # The sessions behind the README's list: a first run, two reviews 40 minutes apart, a quiz next morning.
    monkeypatch.setenv("TZ", "UTC")
    steps = [(["cards", "add", "--front", "What does a BTU output?", "--back", "1 above the threshold, else 0"], "",
              "2026-01-13T19:00:00+00:00"),
             (["review"], "3\n3\n3\n", "2026-01-14T19:00:00+00:00"),
             (["review"], "3\n3\n", "2026-01-14T19:40:00+00:00"),
             (["quiz", "lecture-3", "--n", "2", "--seed", "1"], "a\nb\n", "2026-01-15T08:30:00+00:00")]
    for args, stdin, now in steps:
        run(args, stdin, now)
    shown = block("dltutor backup list")
    out = run(["backup", "list"], "", "2026-01-15T09:00:00+00:00")
    assert out.replace(str(_isolated_home), "~/.local/share/dltutor") == shown
