"""The registry agrees with the course: every demo the content names exists, and its formulas are found."""

from __future__ import annotations

import importlib
import inspect

import pytest

from dltutor.course.load import DEMO_NAMES
from dltutor.demos.frames import Frame
from dltutor.demos.registry import DEMOS, find_demo, formulas


def test_the_registry_and_the_content_name_the_same_demos():
    assert {d.name for d in DEMOS} == set(DEMO_NAMES)


def test_every_lecture_visual_aid_demo_resolves(course):
    named = {demo for lec in course.lectures for demo in lec.demos}
    assert named and all(find_demo(n) is not None for n in named)


@pytest.mark.parametrize("info", DEMOS, ids=lambda d: d.name)
def test_each_demo_is_tied_to_its_lecture_terms_and_formulas(info, course):
    assert course.lecture(info.lecture) is not None
    assert all(course.term(t) is not None for t in info.terms), info.terms
    found = formulas(info, course)
    # Every pointer into the lectures still finds its formula, verbatim from the content.
    assert len(found) == len(info.formulas) + len(info.own_formulas)
    for (latex, source), ref in zip(found, info.formulas):
        lecture = course.lecture(ref.lecture)
        assert f"${latex}$" in lecture.topic(ref.topic).text and ref.contains in latex
        assert source.startswith(f"Lecture {lecture.number}: ")
    module = importlib.import_module(info.module)
    assert inspect.isgeneratorfunction(module.run)


def test_names_and_aliases_are_case_insensitive():
    assert find_demo("GD") is find_demo("gradient-descent")
    assert find_demo("Perceptron").name == "perceptron"
    assert find_demo("nope") is None


def test_a_frame_in_json_has_no_summary_until_the_last_and_no_infinities():
    assert "summary" not in Frame("x", 1, 2).to_dict()
    d = Frame("x", 2, 2, scalars={"loss": float("inf")}, summary={"nan": float("nan"), "ok": [1.0]}).to_dict()
    assert d["scalars"] == {"loss": None} and d["summary"] == {"nan": None, "ok": [1.0]}
