"""Heavy libraries stay out of the paths that must start fast, proved in fresh interpreters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "numpy", "textual")

PROBE = """
import json, sys
args = json.loads(sys.argv[1])
sys.argv = ["dltutor", *args]
from dltutor.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nLOADED=" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {names})) + "\\n")
"""


def loaded_by(args: list[str], names: tuple[str, ...], stdin: str = "") -> set[str]:
    code = PROBE.replace("{names}", repr(set(names)))
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, env=env,
                          timeout=60, input=stdin)
    marker = proc.stderr.rsplit("LOADED=", 1)
    assert len(marker) == 2, proc.stderr
    return {m.split(".")[0] for m in json.loads(marker[1])}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["lectures"], ["lectures", "--json"], ["glossary", "relu"], ["glossary", "relue"],
     ["read", "lecture-3"], ["content", "validate"]],
)
def test_course_commands_never_import_torch_numpy_or_textual(args):
    assert loaded_by(args, HEAVY) == set()


@pytest.mark.parametrize(
    "args, stdin",
    [(["quiz", "lecture-3", "--seed", "1"], "a learning rule\nB\n"), (["quiz", "--n", "2"], "x\n"),
     (["review"], "3\n3\nu\n"), (["stats"], ""), (["stats", "--json"], ""), (["cards", "list"], ""),
     (["config", "set", "review.new_per_day", "5"], ""), (["practice", "--n", "2"], "0.5\n\n"),
     (["practice", "list"], ""), (["practice", "softmax", "--json"], "0.1, 0.2, 0.7\n"),
     (["backup", "list"], ""), (["backup", "now"], ""), (["cards", "add", "--front", "Q", "--back", "A"], ""),
     (["next"], ""), (["next", "--json"], ""), (["essay", "lecture-3", "2"], "A perceptron cannot solve XOR.\n"),
     (["essay", "list"], ""), (["essay", "show", "3", "2", "--json"], ""), (["essay", "export", "3", "2"], ""),
     (["cards", "show", "lecture-3/quiz/1/question-to-answer"], "")],
)
def test_study_commands_never_import_torch_numpy_or_textual(args, stdin):
    assert loaded_by(args, HEAVY + ("pandas",), stdin) == set()


def test_export_never_imports_torch_numpy_or_textual(tmp_path):
    assert loaded_by(["export", "anki", str(tmp_path / "d.apkg")], HEAVY + ("pandas",)) == set()
    assert loaded_by(["export", "csv", str(tmp_path)], HEAVY + ("pandas",)) == set()
    assert (tmp_path / "d.apkg").exists() and (tmp_path / "review_log.csv").exists()


def test_the_probe_would_see_a_heavy_import():
    # The probe every "never imports" test relies on, run on commands that do import: if the names
    # it looks for, or the way it reports them, broke, those tests would all pass without proving
    # anything. Running a demo imports torch (and numpy through it) inside main(); a misspelt term
    # loads rapidfuzz there; and only the names asked for are reported.
    assert loaded_by(["demo", "neuron", "--json"], HEAVY) == {"torch", "numpy"}
    assert loaded_by(["glossary", "relue"], ("rapidfuzz", "textual")) == {"rapidfuzz"}


@pytest.mark.parametrize(
    "module",
    ["dltutor.course.load", "dltutor.course.lookup", "dltutor.course.markdown", "dltutor.course.mathtext",
     "dltutor.course.validate", "dltutor.paths", "dltutor.clock", "dltutor.study.grading", "dltutor.study.quiz",
     "dltutor.study.cards", "dltutor.study.scheduler", "dltutor.study.session", "dltutor.study.optimize",
     "dltutor.study.wording", "dltutor.study.weakness", "dltutor.study.practice.session",
     "dltutor.study.practice.answers", "dltutor.study.practice.kinds", "dltutor.study.practice.review",
     "dltutor.store.practice", "dltutor.study.essay", "dltutor.study.writing", "dltutor.study.next_step",
     "dltutor.store.essays", "dltutor.store.activity", "dltutor.store.history", "dltutor.export",
     "dltutor.study.text", "dltutor.study.lexicon", "dltutor.study.quiz.sampling",
     "dltutor.store.db", "dltutor.store.migrations", "dltutor.store.progress", "dltutor.store.stats",
     "dltutor.store.health", "dltutor.store.backup", "dltutor.store.errors", "dltutor.study.store",
     "dltutor.settings"],
)
def test_the_core_never_imports_a_front_end_or_torch(module):
    code = (
        f"import sys, json, {module}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'typer', 'textual', 'torch', 'numpy'})))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == []


@pytest.mark.parametrize("args", [
    ["demo", "list"], ["demo", "--help"], ["demo", "nope"], ["demo", "perceptron", "--lr", "0"],
    ["demo", "gd", "--points", "100000", "--epochs", "100000", "--batch-size", "1"],
    ["demo", "xor", "--epochs", "100000", "--hidden", "64", "--mlp-epochs", "1000000"],
    ["demo", "conv", "--kernel", "15"], ["demo", "conv", "--stride", "0"], ["demo", "conv", "--image", "q"],
    ["demo", "conv", "--filter", "emboss"], ["demo", "receptive-field", "--layers", "fc3"],
    ["demo", "vanishing", "--depth", "0"], ["demo", "vanishing", "--depth", "10000"],
    ["demo", "regularization", "--penalty", "-1"], ["demo", "momentum", "--beta", "1"],
    ["demo", "cnn", "--epochs", "20000", "--train", "5000"],
    ["demo", "attention", "--sentence", ""], ["demo", "attention", "--sentence", "w " * 10_000],
    ["demo", "beam-search", "--beam", "0"], ["demo", "beam-search", "--vocab", "10", "--length", "12"],
    ["demo", "rnn", "--lag", "40"], ["demo", "capacity", "--n", "20", "--labellings", "10000"],
    ["demo", "positional-encoding", "--d-model", "15"],
])
def test_demo_list_help_and_bad_options_never_import_torch(args):
    assert loaded_by(args, HEAVY) == set()


def test_only_running_a_demo_imports_torch_and_only_through_the_backend():
    # That running a demo does import torch is shown by test_the_probe_would_see_a_heavy_import.
    for module in ("dltutor.demos.frames", "dltutor.demos.registry", "dltutor.demos.options"):
        code = f"import sys, {module}; print(sorted({{'torch', 'numpy', 'rich'}} & set(sys.modules)))"
        assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_practice_reaches_its_first_problem_without_the_course_or_the_scheduler():
    # `dltutor practice` has a budget of 1.25x a bare Typer app: no YAML course, no fsrs, no rich.
    assert loaded_by(["practice"], ("yaml", "fsrs", "rich", "rapidfuzz", "torch"), "1\n") == set()
    assert loaded_by(["practice", "conv-output-size", "--json"], ("yaml", "fsrs", "rich"), "16\n") == set()


def test_help_and_glossary_do_not_load_the_fuzzy_matcher_when_not_needed():
    assert "rapidfuzz" not in loaded_by(["glossary", "relu"], ("rapidfuzz",))
    assert "rapidfuzz" in loaded_by(["glossary", "relue"], ("rapidfuzz",))
    assert "yaml" not in loaded_by(["--help"], ("yaml",))


def test_an_installed_dltutor_finds_its_content_inside_the_package():
    import dltutor
    from dltutor.paths import content_dir

    package = os.path.dirname(dltutor.__file__)
    if "site-packages" not in package:
        pytest.skip("running from a source checkout; CI runs the installed package")
    assert str(content_dir()) == os.path.join(package, "content")
    assert len(os.listdir(os.path.join(package, "content", "lectures"))) == 9


def test_ci_runs_the_readmes_test_command():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    ci = open(os.path.join(root, ".ci", "run"), encoding="utf-8").read()
    command = 'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/pytest'
    assert command in readme and command in ci.splitlines()


def test_only_the_app_package_imports_textual():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "dltutor"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "tui" not in p.relative_to(root).parts[:1]
                 and re.search(r"^\s*(from|import)\s+textual(_plotext)?\b", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_dltutor_alone_without_a_terminal_prints_help_and_loads_no_textual():
    assert loaded_by([], HEAVY) == set()


def test_exercise_list_hint_and_the_rest_never_import_torch_numpy_or_textual(tmp_path):
    ws = str(tmp_path / "ws")
    assert loaded_by(["exercise", "init", ws], HEAVY) == set()
    for args in (["exercise", "--help"], ["exercise", "list", "--dir", ws], ["exercise", "list", "--json", "--dir", ws],
                 ["exercise", "hint", "softmax", "--dir", ws], ["exercise", "hint", "softmax", "--dir", ws],
                 ["exercise", "hint", "softmax", "--dir", ws], ["exercise", "solution", "btu", "--dir", ws],
                 ["exercise", "reset", "btu", "--dir", ws]):
        assert loaded_by(args, HEAVY) == set(), args


@pytest.mark.parametrize("module", ["dltutor.exercises.registry", "dltutor.exercises.workspace",
                                    "dltutor.exercises.wording", "dltutor.exercises.runner", "dltutor.exercises.watch"])
def test_the_exercises_core_never_imports_torch_or_a_front_end(module):
    code = (f"import sys, json, {module}\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'rich', 'typer', 'textual', 'torch', 'numpy', 'hypothesis'})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == []


def test_only_the_checker_imports_torch_for_an_exercise_check(tmp_path):
    ws = str(tmp_path / "ws")
    loaded_by(["exercise", "init", ws], HEAVY)
    assert loaded_by(["exercise", "check", "btu", "--dir", ws], HEAVY) == set()


@pytest.mark.parametrize("module, allowed", [
    ("dltutor.store.migrations", {"dltutor", "dltutor.store"}),  # its packages only
    ("dltutor.settings", {"dltutor", "dltutor.errors", "dltutor.paths"}),
    ("dltutor.tui.launch", {"dltutor", "dltutor.tui"}),  # textual, the store, the CLI: only when the app opens
])
def test_leaf_modules_import_nothing_else_of_dltutor(module, allowed):
    # A leaf (as llm's migrations): the store's schema and the settings depend on no other part.
    code = f"import sys, json, {module}\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('dltutor'))))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(json.loads(proc.stdout)) - {module} <= allowed


def _dltutor_imports(module: str) -> set[str]:
    """Every dltutor module `module` imports anywhere in its file, inside functions too."""
    import ast
    import importlib.util

    path = importlib.util.find_spec(module).origin
    found: set[str] = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("dltutor")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dltutor"):
            found.add(node.module)
            # `from dltutor.tui import launch` imports the module dltutor.tui.launch
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_the_app_launch_has_one_home_and_no_import_cycle():
    # entry.py, the command line and its `app` command all open the app through tui/launch.py,
    # which imports none of them: no cycle among them, even through imports inside functions.
    modules = ["dltutor.entry", "dltutor.cli", "dltutor.cli.tui", "dltutor.tui.launch"]
    graph = {m: _dltutor_imports(m) & set(modules) - {m} for m in modules}
    assert "dltutor.tui.launch" in graph["dltutor.entry"] and "dltutor.tui.launch" in graph["dltutor.cli.tui"]
    assert graph["dltutor.tui.launch"] == set()

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph[start])

    assert [m for m in modules if reaches(m, m)] == []


def test_the_error_line_has_one_writer():
    # `dltutor: error: ...` is written by errors.say alone: the launcher, the command line and every
    # command go through it, so the line reads the same (one line, cleaned) wherever it comes from.
    package = ROOT / "dltutor"
    writers = sorted(str(p.relative_to(ROOT)) for p in package.rglob("*.py")
                     if "dltutor: error" in p.read_text(encoding="utf-8"))
    assert writers == ["dltutor/errors.py"]
