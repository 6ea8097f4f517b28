"""The exercises' own CI check, as rustlings' `dev check`: the table, the files, every hint tier,
every stub failing its checks and every reference solution passing them."""

from __future__ import annotations

import ast
import re
import tomllib

import pytest

from dltutor.exercises.registry import EXERCISES, HERE, find_exercise
from dltutor.exercises.wording import LABELS, TIERS, formulas, hint_tier, hints
from dltutor.exercises.workspace import planned_files


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


def _signature(fn: ast.FunctionDef) -> tuple:
    args = fn.args
    return (tuple(a.arg for a in args.args), tuple(ast.unparse(d) for d in args.defaults),
            tuple(ast.unparse(a.annotation) if a.annotation else None for a in args.args),
            ast.unparse(fn.returns) if fn.returns else None)


def test_the_table_is_in_course_order_with_one_folder_per_exercise_and_nothing_else(course):
    assert len(EXERCISES) >= 14
    assert [ex.number for ex in EXERCISES] == list(range(1, len(EXERCISES) + 1))
    assert len({ex.name for ex in EXERCISES}) == len(EXERCISES)
    numbers = [course.lecture(ex.lecture).number for ex in EXERCISES]  # every lecture exists
    assert numbers == sorted(numbers)
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {ex.folder.name for ex in EXERCISES}
    for ex in EXERCISES:
        files = {p.name for p in ex.folder.iterdir() if p.name != "__pycache__"}
        assert files == {"stub.py", "solution.py", "check.py", "hints.toml"}, ex.name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ex.name)
        assert find_exercise(ex.name) is ex and find_exercise(str(ex.number)) is ex and find_exercise(ex.file) is ex


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.name)
def test_stub_and_solution_define_the_same_functions_and_the_stub_has_a_todo(ex):
    stub, solution = _functions(ex.source("stub")), _functions(ex.source("solution"))
    for name in ex.functions:
        assert name in stub and name in solution, name
        assert _signature(stub[name]) == _signature(solution[name]), name
    assert "TODO" in ex.source("stub")
    assert ex.source("stub").startswith(f'"""Exercise {ex.number} · ')


def test_the_three_fixed_signatures():
    assert _signature(_functions(find_exercise("conv-output-size").source("stub"))["output_size"]) == (
        ("w1", "f", "p", "s"), (), ("int", "int", "int", "int"), "int")
    assert _signature(_functions(find_exercise("softmax").source("stub"))["softmax"]) == (
        ("z", "dim"), ("-1",), ("torch.Tensor", "int"), "torch.Tensor")
    args, defaults, _, returns = _signature(_functions(find_exercise("attention").source("stub"))["attention"])
    assert args == ("q", "k", "v", "mask") and defaults == ("None",)
    assert returns == "tuple[torch.Tensor, torch.Tensor]"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.name)
def test_every_hint_tier_exists(ex, course):
    data = hints(ex)
    assert len(data["nudge"]) > 40
    lecture = course.lecture(ex.lecture)
    assert lecture.topic(data["topic"]) is not None, data["topic"]
    assert data["terms"] and all(course.term(t) is not None for t in data["terms"]), data["terms"]
    reading = hint_tier(ex, 2, course, None, False)
    assert reading[0].startswith(f"Lecture {lecture.number}: ") and f"dltutor read {ex.lecture}" in reading[0]
    assert sum("dltutor glossary" in line for line in reading) == len(data["terms"])
    # Every formula the hint points at in a lecture is really there, plus the exercise's own.
    refs = data.get("formula", {}).get("lecture", [])
    found = formulas(ex, course)
    assert len([f for f in found if f[1] != "this exercise"]) == len(refs)
    assert found and all(latex.strip() for latex, _ in found)
    assert len(hint_tier(ex, 3, course, None, False)) > len(found)
    assert "dltutor exercise check" in hint_tier(ex, 4, course, None, False)[0]
    assert len(TIERS) == 4


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.name)
def test_every_slip_the_check_knows_has_advice_and_a_kind(ex):
    import importlib.util

    text = (ex.folder / "check.py").read_text(encoding="utf-8")
    declared = ast.literal_eval(re.search(r"^SLIPS = (\(.*?\))$", text, re.M).group(1))
    with open(ex.folder / "hints.toml", "rb") as f:
        slips = tomllib.load(f).get("slips", {})
    assert set(declared) == set(slips), ex.name
    for name in declared:
        assert f'"{name}"' in text.split("SLIPS = ", 1)[1], f"{name} is declared but never tested for"
        assert slips[name]["kind"] in LABELS and len(slips[name]["advice"]) > 20
    assert importlib.util.find_spec(ex.check_module) is not None


def test_the_workspace_holds_every_stub_and_a_readme():
    files = planned_files()
    assert set(files) == {ex.file for ex in EXERCISES} | {"README.md"}


def test_every_stub_fails_and_every_reference_solution_passes(checker, workspace):
    for ex in EXERCISES:
        stub = checker.check(ex, workspace.path(ex))
        assert not stub.passed and stub.kind == "todo", (ex.name, stub)
        workspace.path(ex).write_text(ex.source("solution"), encoding="utf-8")
        solved = checker.check(ex, workspace.path(ex))
        assert solved.passed, (ex.name, solved)
        assert solved.calls >= 10  # the fixed examples and hypothesis's random ones all ran
