"""`dltutor essay` as a learner uses it: an editor that works, fails, crashes or is killed with dltutor,
the terminal and stdin, versions, done, list, show and export. Nothing typed may ever be lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
XOR = "The XOR problem is out of reach for one perceptron."
HIDDEN = "Stacking perceptrons into multilayer networks with hidden layers gets past it."


def run(*args, input=None, env=None):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", **(env or {})})


def ok(*args, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout


def versions(home, lecture="lecture-3", prompt=2):
    conn = sqlite3.connect(home / "progress.db")
    rows = conn.execute("SELECT text, origin, done_at FROM essay_drafts WHERE lecture = ? AND prompt = ? ORDER BY id",
                        (lecture, prompt)).fetchall()
    conn.close()
    return rows


def editor(tmp_path, name, body):
    """A fake editor: a shell script given the file to edit as $1."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


def working_files(home):
    folder = home / "essays"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- stdin, versions, done -----------------------------------------------------------------------

def test_an_essay_from_stdin_is_saved_with_its_checklist_and_word_count(_isolated_home):
    out = ok("essay", "lecture-3", "2", input=f"{XOR}\n\n{HIDDEN}\n")
    assert "Saved as version 1 of lecture 3, essay 2 of 2." in out
    assert "2 of 6 key points addressed · 21 words" in out  # 10 + 11 words, counted by hand
    assert "✓ addressed: XOR" in out and "✓ addressed: hidden layers" in out
    assert "· missing: linear separability" in out
    assert versions(_isolated_home) == [(f"{XOR}\n\n{HIDDEN}\n", "stdin", None)]
    assert working_files(_isolated_home) == []  # the working file goes once its text is saved


def test_every_save_is_a_new_version_and_an_unchanged_one_is_not(_isolated_home):
    ok("essay", "3", "2", input=XOR)
    ok("essay", "3", "2", input=f"{XOR}\n\n{HIDDEN}")
    out = ok("essay", "3", "2", input=f"{XOR}\n\n{HIDDEN}")
    assert "No change: nothing new to save." in out
    assert [t for t, _, _ in versions(_isolated_home)] == [f"{XOR}\n", f"{XOR}\n\n{HIDDEN}\n"]
    first = json.loads(ok("essay", "show", "3", "2", "--version", "1", "--json"))
    assert first["text"] == f"{XOR}\n" and first["version"] == 1 and first["addressed"] == 1
    latest = json.loads(ok("essay", "show", "3", "2", "--json"))
    assert latest["version"] == 2 and [v["version"] for v in latest["versions"]] == [1, 2]
    assert {c["point"]: c["status"] for c in latest["checklist"]}["hidden layers"] == "addressed"


def test_without_a_prompt_the_next_unwritten_one_is_taken(_isolated_home):
    assert "Lecture 3, essay 1 of 2" in ok("essay", "lecture-3", input="The weights form an image.")
    assert "Lecture 3, essay 2 of 2" in ok("essay", "lecture-3", input=XOR)
    assert "Lecture 1, essay 1 of 3" in ok("essay", input="Current AI systems.")


def test_done_marks_the_latest_version_and_a_new_version_is_a_draft_again(_isolated_home):
    ok("essay", "3", "2", input=XOR)
    assert "Marked lecture 3, essay 2 of 2 done (version 1" in ok("essay", "done", "3", "2")
    rows = {(r["lecture"], r["prompt"]): r for r in json.loads(ok("essay", "list", "--json"))}
    assert rows[("lecture-3", 2)]["status"] == "done" and rows[("lecture-3", 1)]["status"] == "not started"
    ok("essay", "3", "2", input=f"{XOR}\n{HIDDEN}")
    rows = {(r["lecture"], r["prompt"]): r for r in json.loads(ok("essay", "list", "--json"))}
    assert rows[("lecture-3", 2)]["status"] == "draft" and rows[("lecture-3", 2)]["versions"] == 2
    ok("essay", "3", "2", "--done", input=f"{XOR}\n{HIDDEN}\nMore.")
    assert versions(_isolated_home)[-1][2] is not None
    assert len(json.loads(ok("essay", "list", "--json"))) == 19


def test_a_megabyte_essay_is_saved_whole_and_its_checklist_still_shows(_isolated_home):
    paragraphs = [f"Paragraph {i}: the perceptron draws one line through the inputs, and here is sentence {i} "
                  f"about its weights, its bias and the points it gets right or wrong." for i in range(7000)]
    text = "\n\n".join(paragraphs[:3500] + [XOR] + paragraphs[3500:]) + "\n"
    assert len(text.encode()) > 1_000_000
    started = time.monotonic()
    out = ok("essay", "3", "2", input=text)
    seconds = time.monotonic() - started
    stored = versions(_isolated_home)[0][0]
    assert stored == text
    assert "key points addressed" in out and "(key points judged on the first" in out
    assert f"{sum(len(p.split()) for p in paragraphs) + len(XOR.split()):,} words" in out
    assert seconds < 20, seconds


# --- the editor ---------------------------------------------------------------------------------

def test_the_editor_edits_the_draft_so_far_below_the_prompt(_isolated_home, tmp_path):
    ok("essay", "3", "2", input=XOR)
    seen = tmp_path / "seen.txt"
    ed = editor(tmp_path, "ed", f'cp "$1" {seen}\necho "{HIDDEN}" >> "$1"\n')
    out = ok("essay", "3", "2", "--editor", env={"EDITOR": ed, "VISUAL": ""})
    assert "Saved as version 2" in out
    opened = seen.read_text()
    assert "Analyze the limitations of the perceptron" in opened and opened.rstrip().endswith(XOR)
    assert versions(_isolated_home)[-1][:2] == (f"{XOR}\n{HIDDEN}\n", "editor")


def test_visual_comes_before_editor_and_its_arguments_are_split_like_a_shell(_isolated_home, tmp_path):
    ed = editor(tmp_path, "ed", 'echo "$1 says $2" > "$3"\n')
    wrong = editor(tmp_path, "wrong", "exit 1\n")
    ok("essay", "3", "2", "--editor", env={"VISUAL": f"{ed} 'a word' second", "EDITOR": wrong})
    assert versions(_isolated_home)[-1][0] == "a word says second\n"


@pytest.mark.parametrize("body, says", [
    ('echo "%s" >> "$1"\nexit 3\n', "exited with status 3"),
    ('echo "%s" >> "$1"\nkill -SEGV $$\n', "was killed by signal 11"),
])
def test_an_editor_that_fails_or_crashes_keeps_the_draft_and_says_where_it_is(_isolated_home, tmp_path, body, says):
    result = run("essay", "3", "2", "--editor", env={"EDITOR": editor(tmp_path, "ed", body % XOR), "VISUAL": ""})
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and says in line
    assert "your draft so far is saved as version 1" in line and "dltutor essay show lecture-3 2" in line
    assert versions(_isolated_home) == [(f"{XOR}\n", "editor", None)]
    assert working_files(_isolated_home) == []


def test_an_editor_that_cannot_be_started_is_one_line_and_changes_nothing(_isolated_home):
    ok("essay", "3", "2", input=XOR)
    result = run("essay", "3", "2", "--editor", env={"EDITOR": "/no/such/editor", "VISUAL": ""})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot run the editor '/no/such/editor' ($EDITOR)" in result.stderr
    assert [t for t, _, _ in versions(_isolated_home)] == [f"{XOR}\n"] and working_files(_isolated_home) == []
    result = run("essay", "3", "2", "--editor", env={"EDITOR": "", "VISUAL": ""})
    assert result.exit_code == 2 and "needs $VISUAL or $EDITOR" in result.stderr


def _dltutor(*args, home, env):
    return subprocess.Popen([sys.executable, "-m", "dltutor", *args], cwd=ROOT, start_new_session=True,
                            env={**os.environ, "DLTUTOR_HOME": str(home), "PYTHONPATH": str(ROOT), **env},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_dltutor_killed_while_the_editor_runs_loses_nothing_the_editor_wrote(_isolated_home, tmp_path):
    # The editor saves, then dltutor dies with SIGKILL (as when its terminal is torn down): no handler runs.
    ed = editor(tmp_path, "ed", f'echo "{XOR}" >> "$1"\nkill -KILL $PPID\n')
    proc = _dltutor("essay", "3", "2", "--editor", home=_isolated_home, env={"EDITOR": ed, "VISUAL": ""})
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert versions(_isolated_home) == [] and len(working_files(_isolated_home)) == 1
    result = run("essay", "list")  # any essay command saves what a dead session left
    assert result.exit_code == 0
    assert "recovered text of Lecture 3, essay 2 of 2" in result.stderr and "kept as version 1" in result.stderr
    assert versions(_isolated_home) == [(f"{XOR}\n", "recovered", None)]
    assert working_files(_isolated_home) == []


def test_a_hang_up_while_the_editor_runs_saves_the_draft_before_dltutor_exits(_isolated_home, tmp_path):
    ready = tmp_path / "ready"
    ed = editor(tmp_path, "ed", f'echo "{XOR}" >> "$1"\ntouch {ready}\nsleep 30\n')
    proc = _dltutor("essay", "3", "2", "--editor", home=_isolated_home, env={"EDITOR": ed, "VISUAL": ""})
    try:
        for _ in range(600):
            if ready.exists():
                break
            time.sleep(0.05)
        assert ready.exists()
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=30)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the sleeping editor (it holds the pipes open)
    err = proc.stderr.read()
    assert proc.returncode == 128 + signal.SIGHUP
    assert "dltutor was stopped (SIGHUP)" in err and "saved as version 1" in err
    assert versions(_isolated_home) == [(f"{XOR}\n", "editor", None)]


def test_a_working_file_of_a_session_still_running_is_left_alone(_isolated_home, course):
    folder = _isolated_home / "essays"
    folder.mkdir()
    alive = folder / f"lecture-3-essay-2.{os.getppid()}.editor.md"  # our parent is alive
    alive.write_text(XOR)
    ok("essay", "list")
    assert alive.exists() and versions(_isolated_home) == []


# --- the terminal ----------------------------------------------------------------------------------

def test_typed_in_a_terminal_each_line_is_kept_and_a_dot_ends_the_essay(_isolated_home):
    from ptyrun import Pty

    t = Pty("essay", "lecture-3", "2", home=_isolated_home, env={"EDITOR": "", "VISUAL": ""})
    t.wait_for('A line with only "." ends it')
    t.send(XOR + "\r")
    t.send(HIDDEN + "\r")
    t.send(".\r")
    t.wait_for("Mark this essay done? [y/N]")
    t.send("y\r")
    t.wait_for("Marked done.")
    assert t.close() == 0
    rows = versions(_isolated_home)
    assert [(text, origin) for text, origin, _ in rows] == [(f"{XOR}\n{HIDDEN}\n", "terminal")]
    assert rows[0][2] is not None


def test_ctrl_c_while_typing_keeps_the_lines_typed_so_far(_isolated_home):
    from ptyrun import Pty

    t = Pty("essay", "lecture-3", "2", home=_isolated_home, env={"EDITOR": "", "VISUAL": ""})
    t.wait_for('A line with only "." ends it')
    t.send(XOR + "\r")
    t.send("half a line")
    time.sleep(0.3)
    t.proc.send_signal(signal.SIGINT)  # what Ctrl-C sends (the pty is not the process's controlling terminal)
    t.wait_for("stopped with Ctrl-C")
    assert t.close() == 130
    assert [text for text, _, _ in versions(_isolated_home)] == [f"{XOR}\n"]


# --- export -------------------------------------------------------------------------------------

def test_export_writes_the_prompt_the_final_draft_and_the_checklist_as_markdown(_isolated_home, tmp_path):
    ok("essay", "3", "2", "--done", input=f"{XOR}\n\n{HIDDEN}")
    ok("essay", "3", "1", input="The weight vector, reshaped as an image, looks like a template of the class.")
    md = ok("essay", "export", "3", "2")
    assert md.startswith("# Perceptron Learning: essay 2\n")
    assert "> Analyze the limitations of the perceptron learning algorithm" in md
    assert f"{XOR}\n\n{HIDDEN}\n" in md and "*Done, version 1" in md
    assert "- ✓ addressed: XOR" in md and "- · missing: backpropagation" in md
    target = tmp_path / "essays.md"
    assert "Wrote 2 essays" in ok("essay", "export", "-o", str(target))
    both = target.read_text()
    assert both.count("# Perceptron Learning: essay") == 2 and "*Draft, version 1" in both


def test_export_refuses_an_existing_file_without_force_and_a_missing_folder(_isolated_home, tmp_path):
    ok("essay", "3", "2", input=XOR)
    target = tmp_path / "mine.md"
    target.write_text("keep me")
    result = run("essay", "export", "3", "2", "-o", str(target))
    assert result.exit_code == 2 and "already exists; add --force" in result.stderr
    assert target.read_text() == "keep me"
    assert ok("essay", "export", "3", "2", "-o", str(target), "--force")
    assert XOR in target.read_text()
    result = run("essay", "export", "3", "2", "-o", str(tmp_path / "no" / "such" / "x.md"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_bad_names_and_numbers_are_one_line(_isolated_home):
    for args, says in [(("essay", "lecture-99"), "no lecture named"), (("essay", "3", "7"), "there is no prompt 7"),
                       (("essay", "show", "3"), "no essay written yet for lecture 3"),
                       (("essay", "done", "3", "1"), "nothing written yet")]:
        result = run(*args, input="")
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and says in result.stderr, (args, result.stderr)
