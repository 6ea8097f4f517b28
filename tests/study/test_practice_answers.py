"""Reading typed answers: the forms people type, the stated tolerance, skips, and no crash on any string."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dltutor.study.practice.answers import NotANumber, grade, parse
from dltutor.study.practice.problem import Problem


def problem(expected, tolerance=0.001) -> Problem:
    return Problem("test", "lecture-1", 0, {}, "What is it?", expected, tolerance, ("x = 1",), ())


@pytest.mark.parametrize("typed, numbers", [
    ("0.73", [0.73]), ("73%", [0.73]), ("73 %", [0.73]), ("3/4", [0.75]), (" 3 / 4 ", [0.75]), ("1e-3", [0.001]),
    ("1E-3", [0.001]), ("-0.25", [-0.25]), ("\u22120.25", [-0.25]), ("\u20130.25", [-0.25]), ("+.5", [0.5]),
    ("5.", [5.0]), ("½", [0.5]), ("-3/4", [-0.75]), ("1.5/3", [0.5]), ("1.5×10^-3", [0.0015]),
    ("1.5 x 10^(-3)", [0.0015]), ("1.5×10⁻³", [0.0015]), ("y = 0.73", [0.73]), ("W₂ = 16", [16.0]),
    ("≈ 0.7311", [0.7311]), ("[0.1, 0.2]", [0.1, 0.2]), ("0.1, 0.2", [0.1, 0.2]), ("(0.1 0.2)", [0.1, 0.2]),
    ("0.1;0.2", [0.1, 0.2]), ("[ 1 , −2 ,3 ]", [1.0, -2.0, 3.0]), ("{10%, 3/4}", [0.1, 0.75]),
    ("softmax(z) = [0.2, 0.8]", [0.2, 0.8]), ("１６", [16.0]),
])
def test_the_forms_people_type(typed, numbers):
    assert list(parse(typed).values) == pytest.approx(numbers, abs=1e-15)


@pytest.mark.parametrize("typed", ["", "   ", "?", "skip", "Skip.", "pass", "I don't know"])
def test_an_empty_answer_or_a_word_for_it_is_a_skip(typed):
    assert parse(typed).values is None
    assert grade(problem(0.5), typed).verdict == "skipped"


@pytest.mark.parametrize("typed", ["abc", "0.7.3", "1/0", "inf", "nan", "-inf", "1e999", "--1", "1/2/3", "0x10",
                                   "e", "%", "1e99999999999", "9" * 100, "seven", "1,2,", "[]"])
def test_what_is_not_a_number_asks_again_saying_the_form(typed):
    graded = grade(problem(0.5), typed)
    assert graded.verdict is None and "one number, like 0.73, 73%, 3/4, 1e-3 or −0.25" in graded.form_error


def test_the_wrong_count_of_numbers_asks_again():
    graded = grade(problem((0.1, 0.2, 0.7)), "0.1, 0.2")
    assert graded.verdict is None and "3 numbers in order" in graded.form_error and "you gave 2" in graded.form_error
    comma = grade(problem(0.73), "0,73")
    assert comma.verdict is None and "a decimal point, not a comma" in comma.form_error
    assert grade(problem(16, 0.0), "16 17").form_error.startswith("This answer needs a whole number, like 16")


def test_the_tolerance_is_the_stated_one():
    p = problem(0.7311, 0.001)
    assert grade(p, "0.7311").verdict == "right"
    assert grade(p, "0.7301").verdict == "right"  # 0.001 away: inside
    assert grade(p, "0.7299").verdict == "wrong"
    assert grade(p, "73.11%").verdict == "right"
    assert grade(problem(0.75), "3/4").verdict == "right"
    exact = problem(16, 0.0)
    assert grade(exact, "16").verdict == "right" and grade(exact, "16.0").verdict == "right"
    assert grade(exact, "16.001").verdict == "wrong" and grade(exact, "15").verdict == "wrong"
    assert grade(problem((0.1, 0.9)), "[0.1005, 0.8995]").verdict == "right"
    assert grade(problem((0.1, 0.9)), "[0.1, 0.95]").verdict == "wrong"


def test_a_near_miss_and_generic_slips_are_named():
    assert grade(problem(0.7311), "0.74").close
    assert not grade(problem(0.7311), "0.9").close
    assert "sign is flipped" in grade(problem(-0.25), "0.25").slip
    assert "× 100" in grade(problem(0.73), "73").slip


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_no_string_crashes_parsing_or_grading(text):
    try:
        values = parse(text).values
    except NotANumber:
        values = None
    else:
        assert values is None or all(isinstance(v, float) for v in values)
    for p in (problem(0.5), problem((1, 2), 0.0), problem((0.1, 0.2, 0.7))):
        graded = grade(p, text)
        assert graded.verdict in ("right", "wrong", "skipped", None)
        assert (graded.verdict is None) == (graded.form_error is not None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fractions(min_value=-1000, max_value=1000, max_denominator=50), min_size=1, max_size=5),
       st.sampled_from([", ", " ", "; "]), st.booleans())
def test_numbers_written_out_read_back(values, sep, brackets):
    text = sep.join(f"{v.numerator}/{v.denominator}" for v in values)
    text = f"[{text}]" if brackets else text
    assert parse(text).values == tuple(float(Fraction(v)) for v in values)
