"""The registry agrees with the course: every demo the content names exists, and its formulas are found."""

from __future__ import annotations

import importlib
import inspect

import pytest

from dltutor.demos.frames import Frame
from dltutor.demos.registry import DEMOS, find_demo, formulas


def test_content_may_name_exactly_the_registered_demos(tmp_path):
    import shutil

    from dltutor.course.load import course_files, validate
    from dltutor.paths import content_dir

    # A visual aid naming a registered demo loads; one naming anything else is refused.
    shutil.copytree(content_dir(), tmp_path, dirs_exist_ok=True)
    target = tmp_path / "lectures" / "01-artificial-neural-networks-and-deep-learning.yaml"
    lecture = target.read_text("utf-8")
    for info in DEMOS:
        target.write_text(lecture + f"  - text: An aid.\n    demo: {info.name}\n", "utf-8")
        assert validate(course_files(tmp_path))[1] == [], info.name
    target.write_text(lecture + "  - text: An aid.\n    demo: no-such-demo\n", "utf-8")
    assert any("unknown demo 'no-such-demo'" in p for p in validate(course_files(tmp_path))[1])


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


def test_lectures_7_and_9_link_their_demos_from_their_visual_aids(course):
    aids = {lec.id: {aid.demo for aid in lec.visual_aids if aid.demo} for lec in course.lectures}
    assert "rnn" in aids["lecture-7"]
    assert {"attention", "positional-encoding"} <= aids["lecture-9"]
