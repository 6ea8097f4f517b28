"""`lectures`, `read`, `glossary`, `content validate` as a learner runs them (CliRunner)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.paths import content_dir

runner = CliRunner()


def run(*args: str, width: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


def test_lectures_table_lists_every_lecture_with_counts():
    result = run("lectures")
    assert result.exit_code == 0
    assert "Perceptron Learning" in result.stdout and "lecture-9" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "lecture-1 " in line)
    assert [c.strip() for c in row.split("│") if c.strip()][-3:] == ["5", "9", "3"]


def test_lectures_json():
    data = json.loads(run("lectures", "--json").stdout)
    assert [d["number"] for d in data] == list(range(1, 10))
    assert data[2] == {**data[2], "id": "lecture-3", "title": "Perceptron Learning", "questions": 3}


def test_read_shows_the_lecture_without_answers_unless_asked():
    result = run("read", "lecture-3")
    assert result.exit_code == 0
    out = result.stdout
    assert "Lecture 3: Perceptron Learning" in out
    assert "What is the primary goal of the perceptron learning algorithm?" in out
    assert "Δwᵢ = λ(tₖ − yₖ) xₖᵢ" in out  # the update rule, as Unicode math
    assert "correctly classifies all training examples" not in out
    assert "--answers" in out
    assert "dltutor demo perceptron" in out  # visual aids name their demos
    assert "https://www.youtube.com/watch?v=05N2t0tJ1jI" in out
    answered = run("read", "3", "--answers", width=200).stdout
    assert "correctly classifies all training examples" in answered
    assert "Key points" in answered


@pytest.mark.parametrize("name", ["3", "lecture-3", "perceptron-learning"])
def test_read_accepts_every_lecture_name(name):
    assert json.loads(run("read", name, "--json").stdout)["id"] == "lecture-3"


def test_read_json_has_the_whole_lecture():
    data = json.loads(run("read", "lecture-2", "--json").stdout)
    assert len(data["quiz"]) == 4
    q = data["quiz"][0]
    assert set(q) >= {"question", "answer", "key_points"} and q["key_points"][0]["text"]
    assert all(set(e) >= {"prompt", "key_points"} for e in data["essay_prompts"])
    assert all(set(g) >= {"term", "definition", "aliases"} for g in data["glossary"])
    btu = next(g for g in data["glossary"] if g["id"] == "binary-threshold-unit")
    assert btu["term"] == "Binary Threshold Unit (BTU)"
    assert data["video"]["url"].startswith("https://www.youtube.com/")


def test_read_topic_pages_and_the_contents():
    out = run("read", "perceptrons").stdout
    assert "Perceptrons" in out and "Binary Threshold Unit (BTU)" in out
    assert "Perceptron Learning Algorithm — Lecture 3" in out
    contents = run("read").stdout
    assert "Foundational Concepts" in contents and "dltutor read perceptrons" in contents
    assert "Final Thoughts" in contents


def test_read_markdown_keeps_the_latex_source():
    out = run("read", "5", "--markdown").stdout
    assert "$y_i = g(z_i) = \\frac{1}{1 + e^{-z_i}}$" in out


def test_glossary_term_prints_definitions_lectures_and_see_also():
    result = run("glossary", "relu")
    assert result.exit_code == 0
    assert "ReLU" in result.stdout and "Outputs the input if positive, otherwise zero." in result.stdout
    assert "From Lecture 1: Artificial Neural Networks" in result.stdout and "See also:" in result.stdout
    merged = run("glossary", "backprop").stdout
    for n in (1, 5, 8):
        assert f"Lecture {n}:" in merged


def test_glossary_points_to_the_demos_that_show_the_term():
    from dltutor.demos.registry import DEMOS

    seen_some = False
    for term_id in ("receptive-field", "binary-threshold-unit", "momentum", "hyperplane", "attention-mechanism"):
        expected = {d.name for d in DEMOS if term_id in d.terms}
        listed = json.loads(run("glossary", term_id, "--json").stdout)["demos"]
        assert set(listed) == expected and len(listed) == len(expected)
        out = " ".join(run("glossary", term_id).stdout.split())
        if expected:
            seen_some = True
            assert "Watch it: " + ", ".join(f"dltutor demo {d}" for d in listed) in out
        else:
            assert "Watch it" not in out
    assert seen_some


def test_glossary_json():
    data = json.loads(run("glossary", "Hyperplane", "--json").stdout)
    assert data["term"] == "Hyperplane" and data["lectures"] == ["lecture-2", "lecture-3"]
    assert data["definition"].startswith("A flat subspace")
    assert len(data["definitions"]) == 2


def test_glossary_search_and_list():
    out = run("glossary", "--search", "probability").stdout
    assert "SoftMax Function" in out and "Cross-Entropy Loss" in out
    nothing = run("glossary", "--search", "qwertyuiop")
    assert nothing.exit_code == 1
    listing = run("glossary").stdout
    assert "Attention Mechanism" in listing and "Weight Sharing" in listing


@pytest.mark.parametrize(
    "args,expected",
    [
        (("glossary", "backpropogation"), "no glossary term named 'backpropogation'; did you mean 'Backpropagation' or "),
        (("read", "lecture-12"), "no lecture or page named 'lecture-12'"),
        (("read", "3", "--bogus"), "No such option: --bogus"),
    ],
)
def test_unknown_things_are_one_line_and_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_escape_sequences_from_the_command_line_never_reach_the_terminal():
    result = run("glossary", "\x1b]0;pwned\x07\x1b[31mred")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def _copy_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(content_dir(), root)
    return root


def test_content_validate_shipped_and_broken(tmp_path, monkeypatch):
    ok = run("content", "validate")
    assert ok.exit_code == 0
    assert "9 lectures, 30 questions, 19 essay prompts, 55 glossary terms" in ok.stdout
    root = _copy_course(tmp_path)
    lecture = next(root.glob("lectures/03-*.yaml"))
    text = lecture.read_text(encoding="utf-8")
    lecture.write_text(text.replace("    answer: Weights are updated", "    answr: Weights are updated"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    bad = run("content", "validate", "course")
    assert bad.exit_code == 2
    assert "course/lectures/03-perceptron-learning.yaml:" in bad.stdout
    assert "quiz[1].answr: unknown field" in bad.stdout and "quiz[1].answer: required" in bad.stdout


def test_content_validate_a_learners_own_lecture_file(tmp_path):
    own = tmp_path / "lectures" / "10-my-notes.yaml"
    own.parent.mkdir()
    shipped = next(content_dir().glob("lectures/03-*.yaml")).read_text(encoding="utf-8")
    # A lecture of the learner's own, checked together with the shipped course: terms it shares
    # with lecture 3 merge, as Hyperplane does across lectures 2 and 3.
    own.write_text(shipped.replace("id: lecture-3", "id: lecture-10"), encoding="utf-8")
    ok = run("content", "validate", str(own))
    assert ok.exit_code == 0, ok.stdout
    # The copy keeps lecture 3's video link: allowed, but warned about, and only about the copy.
    warning, summary = ok.stdout.splitlines()
    assert warning == (f"{own}:6: video.url: warning: this link is also the video link of lecture-3 "
                       "(\u201cUnderstanding Perceptron Learning\u201d)")
    assert summary.startswith("OK: 1 files, 1 lectures, 3 questions") and summary.endswith(", 1 warning(s)")
    # A new term whose alias already names lecture 3's Epoch is ambiguous.
    own.write_text(shipped.replace("id: lecture-3", "id: lecture-10").replace("  - term: Epoch\n", "  - term: Epochs\n"),
                   encoding="utf-8")
    clash = run("content", "validate", str(own))
    assert clash.exit_code == 2
    assert "10-my-notes.yaml:" in clash.stdout and "'training epoch' names both 'Epoch' and 'Epochs'" in clash.stdout
    broken = tmp_path / "lectures" / "11-broken.yaml"
    broken.write_text("id: lecture-11\ntitle: [oops\n", encoding="utf-8")
    bad = run("content", "validate", str(broken))
    assert bad.exit_code == 2 and "11-broken.yaml:3: YAML syntax error" in bad.stdout
    missing = run("content", "validate", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.stdout


def test_a_broken_shipped_course_stops_every_command_with_one_line(tmp_path, monkeypatch):
    root = _copy_course(tmp_path)
    lecture = next(root.glob("lectures/01-*.yaml"))
    lecture.write_text(lecture.read_text(encoding="utf-8").replace("title: Artificial", "title: !!python/name:os.system Artificial", 1))
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    for args in (("lectures",), ("read", "3"), ("glossary", "relu")):
        result = run(*args)
        assert result.exit_code == 2, args
        (line,) = result.stderr.strip().splitlines()
        assert "01-artificial-neural-networks-and-deep-learning.yaml:2: the tag !!python/name:os.system is not allowed" in line


def test_rich_markup_and_escapes_in_content_are_shown_as_text(tmp_path, monkeypatch):
    root = _copy_course(tmp_path)
    lecture = next(root.glob("lectures/01-*.yaml"))
    text = lecture.read_text(encoding="utf-8").replace(
        "definition: Outputs the input if positive, otherwise zero.",
        "definition: \"[bold red]Outputs[/bold red] the input :smile: if positive\"",
    )
    lecture.write_text(text, encoding="utf-8")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    out = run("glossary", "relu").stdout
    assert "[bold red]Outputs[/bold red] the input :smile: if positive" in out


def test_markup_in_lecture_text_is_shown_by_read_not_interpreted(tmp_path, monkeypatch):
    root = _copy_course(tmp_path)
    lecture = next(root.glob("lectures/03-*.yaml"))
    text = lecture.read_text(encoding="utf-8").replace(
        "Controls the adjustment magnitude.", "Controls the [bold red]adjustment[/bold red] magnitude."
    )
    lecture.write_text(text, encoding="utf-8")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    out = run("read", "3", width=200).stdout
    assert "Controls the [bold red]adjustment[/bold red] magnitude." in out


def test_glossary_in_a_colour_terminal_bolds_only_the_guidebooks_bold_word():
    out = runner.invoke(app, ["glossary", "weights"], env={"COLUMNS": "200", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[1mweights\x1b[0m are used" in out
    assert "Synaptic weights are adjusted" in out  # the second "weights" is not bolded


def test_did_you_mean_quotes_each_name_so_one_with_commas_reads_as_one(course):
    result = run("glossary", "relue")
    assert result.exit_code == 2
    suggestions = result.stderr.split("did you mean ", 1)[1].rstrip("?\n")
    names = re.findall(r"'([^']*)'", suggestions)
    assert "Query, Key, Value" in names and "ReLU" in names
    assert {t.term for t in course.glossary} >= set(names)  # each quoted name is one whole term
    assert re.fullmatch(r"'[^']*'(, '[^']*')* or '[^']*'", suggestions)


def test_version_prints_the_package_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"dltutor {version('dltutor')}\n"


@pytest.mark.parametrize("command", [[], ["read"], ["quiz"], ["cards", "list"], ["demo", "perceptron"]])
def test_help_shows_no_type_beside_flags(command):
    out = run(*command, "--help", width=100).stdout
    assert "--help" in out and "<bool>" not in out
    if command == ["quiz"]:
        assert "<int" in out  # options that take a value still say what kind


def _installed_dltutor() -> str:
    script = Path(sys.executable).with_name("dltutor")  # the venv's entry point: completion keys on its name
    assert script.exists(), f"{script} is missing: install dltutor into this venv (pip install -e .)"
    return str(script)


def test_completion_is_shown_and_installed_for_the_shell_it_runs_in(tmp_path):
    out = run("--help", width=100).stdout
    assert "--install-completion" in out and "--show-completion" in out
    env = {**os.environ, "HOME": str(tmp_path)}
    dl = shlex.quote(_installed_dltutor())
    shown = subprocess.run(["bash", "-c", f"{dl} --show-completion; true"], env=env, capture_output=True,
                           text=True, timeout=60)
    assert "_DLTUTOR_COMPLETE=complete_bash" in shown.stdout and "complete -o default" in shown.stdout, shown
    installed = subprocess.run(["bash", "-c", f"{dl} --install-completion; true"], env=env, capture_output=True,
                               text=True, timeout=60)
    assert "bash completion installed" in installed.stdout, installed
    script = tmp_path / ".bash_completions" / "dltutor.sh"
    assert "_DLTUTOR_COMPLETE=complete_bash" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()


def test_completion_completes_commands():
    env = {**os.environ, "COMP_WORDS": "dltutor cards e", "COMP_CWORD": "2", "_DLTUTOR_COMPLETE": "complete_bash"}
    done = subprocess.run([_installed_dltutor()], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.split() == ["edit"], done


def test_a_lecture_ends_pointing_to_its_quiz_and_the_next_lecture(course):
    for lecture in course.lectures:
        out = run("read", lecture.id, "--no-pager", width=100).stdout
        tail = out[out.rindex("What next"):]
        assert f"dltutor quiz {lecture.id}" in tail
        later = [lec for lec in course.lectures if lec.number == lecture.number + 1]
        if later:
            assert f"dltutor read {later[0].number} — the next lecture, Lecture {later[0].number}: " \
                   f"{later[0].title}" in " ".join(tail.split())
        else:
            assert "dltutor read final-thoughts" in tail and "last lecture" in tail
            assert run("read", "final-thoughts").exit_code == 0
