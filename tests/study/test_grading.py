"""The grader against the shipped course: learners' own words, typos and word forms, and hostile input."""

from __future__ import annotations

import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dltutor.course.model import KeyPoint
from dltutor.study.grading import grade_cloze, grade_short_answer, stem

ROOT = pathlib.Path(__file__).resolve().parents[2]


def question(course, lecture_id: str, number: int):
    lecture = course.lecture(lecture_id)
    assert lecture is not None, lecture_id
    return next(q for q in lecture.quiz if q.number == number)


# (lecture, question, answer as a learner types it, verdict, the key points missed by their place)
ANSWERS = [
    # lecture-1 2: structure of a neuron — reordered words, word forms
    ("lecture-1", 2, "It takes the weighted inputs summed together plus a bias and applies an activation function",
     "right", ()),
    ("lecture-1", 2, "the inputs get multiplied by weights and then a nonlinearity", "partial", (1,)),
    ("lecture-1", 2, "A neuron is a cell in the brain.", "wrong", (0, 1, 2)),
    # lecture-1 5: why backprop — typo, British spelling
    ("lecture-1", 5, "backpropogation gives the gradient for every weight so we can minimise the loss", "right", ()),
    ("lecture-1", 5, "It calculates partial derivatives.", "partial", (1, 2)),
    # lecture-2 3: XOR — contractions, a typo
    ("lecture-2", 3, "XOR isn't linearly separable, one straight line can't split the classes", "right", ()),
    ("lecture-2", 3, "because XOR is non linearly seperable", "right", ()),
    ("lecture-2", 3, "the perceptron has too few neurons", "wrong", (0,)),
    # lecture-3 2: perceptron update — an equation with a Unicode minus
    ("lecture-3", 2, "Δw = λ (t − y) x, which moves the boundary", "right", ()),
    ("lecture-3", 2, "multiply the learning rate by the error and the input vector", "right", (3,)),
    ("lecture-3", 2, "add the learning rate times the error", "partial", (2, 3)),
    # lecture-3 3: non-separable data — word forms "convergence", "oscillating"
    ("lecture-3", 3, "There is no convergence; the weights keep oscillating.", "right", ()),
    ("lecture-3", 3, "the algorithm doesn't converge", "partial", (1,)),
    # lecture-4 1: gradient descent — 3 of 4 points is right
    ("lecture-4", 1, "It repeatedly updates the weights to reduce the loss.", "right", (2,)),
    ("lecture-4", 1, "to reduce the loss", "partial", (1, 2, 3)),
    # lecture-5 3: vanishing gradient — "initialisation" vs "initialization", typo "initialzation"
    ("lecture-5", 3, "Gradients become very small in deep networks; fix it with ReLU and careful initialzation",
     "right", ()),
    ("lecture-5", 3, "use relu", "partial", (0, 1)),
    # lecture-6 2: pooling — "takes the max over a small window", "small shifts"
    ("lecture-6", 2, "It takes the max over a small window so small shifts of the input barely change the output",
     "right", ()),
    ("lecture-6", 2, "pooling uses the maximum value", "partial", (1,)),
    # lecture-7 3: unfolding — "unrolling", "BPTT", "feed-forward"
    ("lecture-7", 3, "Unrolling the RNN across time gives a feed-forward network so BPTT can calculate the gradients",
     "right", ()),
    ("lecture-7", 3, "you unroll it", "partial", (1, 2, 3)),
    # lecture-8 2: dropout — "drops random units", "co-adaptation"
    ("lecture-8", 2, "During training it randomly drops units, which prevents co-adaptation and gives robust features",
     "right", ()),
    ("lecture-8", 2, "Dropout adds a penalty on large weights.", "wrong", (0, 1, 2, 3)),
    # lecture-9 3: positional encoding — word order, in other words
    ("lecture-9", 3, "Positional vectors are added to the embeddings to give the model the word order", "right", ()),
    ("lecture-9", 3, "it has something to do with tokens", "wrong", (0,)),
]


@pytest.mark.parametrize(("lecture", "number", "answer", "verdict", "missed"), ANSWERS)
def test_learner_answers_to_shipped_questions(course, lecture, number, answer, verdict, missed):
    q = question(course, lecture, number)
    grade = grade_short_answer(answer, q.key_points, q.misconceptions)
    assert grade.verdict == verdict, [(j.outcome, j.point.text, j.quote) for j in grade.points]
    assert grade.missed == tuple(q.key_points[i] for i in missed)
    if verdict != "wrong":
        assert grade.score == pytest.approx(len(grade.hit) / len(q.key_points))
    assert set(grade.hit) | set(grade.missed) | set(grade.contradicted) == set(q.key_points)


def test_the_table_covers_many_lectures_and_verdicts():
    assert len({(lec, n) for lec, n, *_ in ANSWERS}) >= 8
    assert len({lec for lec, *_ in ANSWERS}) >= 6
    assert {v for *_, v, _ in ANSWERS} == {"right", "partial", "wrong"}


# Highlights that state the guidebook's error, each now a misconception of its question (issue 11).
HIGHLIGHTS_WITH_AN_ERROR = {("lecture-5", 3): "dropout-mitigates", ("lecture-6", 1): "less-computation",
                            ("lecture-9", 3): "parallelism-is-the-reason"}


def test_shipped_highlights_grade_right_except_where_they_state_the_guidebooks_error(course):
    for lecture in course.lectures:
        for q in lecture.quiz:
            grade = grade_short_answer(q.answer, q.key_points, q.misconceptions)
            wrong = HIGHLIGHTS_WITH_AN_ERROR.get((lecture.id, q.number))
            if wrong:
                assert grade.verdict == "wrong" and wrong in {s.misconception.id for s in grade.misconceptions}
                assert q.notes, "a highlight with an error carries a tutor's note"
            elif (lecture.id, q.number) == ("lecture-1", 2):  # its key points are words; the highlight a formula
                assert grade.verdict in ("right", "partial")
            else:
                assert grade.verdict == "right", (lecture.id, q.number, [(j.outcome, j.point.text) for j in grade.points])


@pytest.mark.parametrize(
    ("a", "b"),
    [("updates", "update"), ("updated", "updating"), ("converges", "convergence"), ("converged", "converge"),
     ("minimise", "minimization"), ("initialisation", "initialize"), ("biases", "bias"), ("weighted", "weights"),
     ("summed", "sum"), ("linearly", "linear"), ("separated", "separable"), ("classifies", "classification"),
     ("oscillating", "oscillates"), ("summarises", "summarizes"), ("backward", "back")],
)
def test_stemmer_brings_word_forms_together(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("loss", "lose"), ("weight", "wait"), ("layer", "later"), ("bias", "base")])
def test_stemmer_keeps_different_words_apart(a, b):
    assert stem(a) != stem(b)


def test_case_punctuation_unicode_quotes_and_spacing_do_not_matter():
    points = (KeyPoint("won't converge"), KeyPoint("strengthens the connection"))
    grade = grade_short_answer("IT  WON’T   CONVERGE!!! …it “strengthens” connections.", points)
    assert grade.verdict == "right"


def test_symbol_phrasings_match_as_symbols_not_letters_inside_words():
    points = (KeyPoint("t - y"), KeyPoint("x"), KeyPoint("λ", ("lambda",)))
    assert grade_short_answer("Δw = λ·(t—y)·x", points).verdict == "right"
    assert grade_short_answer("$\\Delta w = \\lambda (t - y) x$", points).verdict == "right"  # LaTeX, as in highlights
    grade = grade_short_answer("the exact type of relaxation", points)
    assert grade.verdict == "wrong"


def test_unrelated_sentence_and_word_salad_miss():
    points = (KeyPoint("weighted sum"), KeyPoint("bias"), KeyPoint("activation function"))
    assert grade_short_answer("I had toast and coffee for breakfast this morning.", points).verdict == "wrong"
    salad = "banana rocket purple seventeen quietly mountain lantern violin weather carpet ocean"
    assert grade_short_answer(salad, points).hit == ()


def test_empty_or_blank_answers_are_wrong():
    points = (KeyPoint("bias"),)
    for blank in ("", "   ", "\n\t", "...", "?!"):
        grade = grade_short_answer(blank, points)
        assert (grade.verdict, grade.hit, grade.missed, grade.score) == ("wrong", (), points, 0.0)


def test_four_points_three_hit_is_right_but_two_of_three_is_partial():
    four = tuple(KeyPoint(t) for t in ("gates", "cell state", "forget gate", "unicorns"))
    assert grade_short_answer("It has gates, a cell state and a forget gate", four).verdict == "right"
    three = four[1:]
    assert grade_short_answer("It has a cell state and a forget gate", three).verdict == "partial"


# --- cloze ------------------------------------------------------------------------------------

CLOZE = [
    ("learning rate", "Learning Rate (λ)", True),
    ("LEARNING-RATE", "Learning Rate (λ)", True),
    ("learning rate (λ)", "Learning Rate (λ)", True),
    ("λ", "Learning Rate (λ)", True),
    ("step size", "Learning Rate (λ)", True),  # alias
    ("lerning rate", "Learning Rate (λ)", True),  # typo
    ("momentum", "Learning Rate (λ)", False),
    ("BTU", "Binary Threshold Unit (BTU)", True),
    ("btu", "Binary Threshold Unit (BTU)", True),
    ("binary threshold unit", "Binary Threshold Unit (BTU)", True),
    ("binary treshold unit", "Binary Threshold Unit (BTU)", True),
    ("BTN", "Binary Threshold Unit (BTU)", False),  # short: exact only
    ("GRU", "GRU", True),
    ("GRN", "GRU", False),
    ("gated recurrent unit", "GRU", True),
    ("backpropogation", "Backpropagation", True),
    ("backprop", "Backpropagation", True),
    ("forward propagation", "Backpropagation", False),
    ("filter", "Filter/Kernel", True),
    ("kernel", "Filter/Kernel", True),
    ("ReLUs", "ReLU", True),
    ("tanh", "ReLU", False),
    ("self attention", "Self-Attention", True),
    ("multi-head attention", "Self-Attention", False),
    ("", "Dropout", False),
    ("   ", "Dropout", False),
]


@pytest.mark.parametrize(("answer", "term", "right"), CLOZE)
def test_cloze_answers(course, answer, term, right):
    entry = next(t for t in course.glossary if t.term == term)
    assert grade_cloze(answer, entry.term, entry.aliases) is right


def test_cloze_without_aliases_uses_the_term_alone():
    assert grade_cloze("step size", "Learning Rate (λ)") is False
    assert grade_cloze("Learning rate", "Learning Rate (λ)") is True


# --- robustness and speed -----------------------------------------------------------------------

POINTS = (KeyPoint("weighted sum", ("Σ wx", "dot product")), KeyPoint("t - y"), KeyPoint("non-linear function"),
          KeyPoint("backpropagation through time", ("BPTT",)), KeyPoint("λ"))
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.lists(st.text(max_size=30), max_size=4))
def test_never_raises_on_any_text(answer, phrasings):
    points = (*POINTS, *(KeyPoint(p) for p in phrasings))
    grade = grade_short_answer(answer, points)
    assert 0.0 <= grade.score <= 1.0 and grade.verdict in ("right", "partial", "wrong")
    assert isinstance(grade_cloze(answer, "Learning Rate (λ)", ("λ", *phrasings)), bool)
    assert isinstance(grade_cloze("learning rate", answer, phrasings), bool)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["a", "é", "\x00", "\x1b[31m", "\ud800", "ﷺ", "$", "\\frac{", "backprop ", "-", "’ "]))
def test_never_raises_on_a_megabyte(chunk):
    huge = chunk * (1_000_000 // len(chunk))
    assert grade_short_answer(huge, POINTS).verdict in ("right", "partial", "wrong")
    assert grade_cloze(huge, "GRU", ("gated recurrent unit",)) is False


def test_grading_is_fast(course):
    q = question(course, "lecture-5", 3)  # four key points, many phrasings
    points = (*q.key_points, KeyPoint("backpropogation"))
    answers = [f"Gradients get tiny in deep nets number {i}; ReLU and He initialisation help" for i in range(100)]
    times = []
    for answer in answers:  # distinct answers: nothing about the answer is cached between runs
        start = time.perf_counter()
        grade_short_answer(answer, points)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.005


def test_module_imports_no_front_end_or_heavy_library():
    code = (
        "import sys, json\nimport dltutor.study.grading as g\nfrom dltutor.course.model import KeyPoint\n"
        "g.grade_short_answer('backpropogation of the errors', [KeyPoint('backpropagation')])\n"
        "g.grade_cloze('lerning rate', 'Learning Rate')\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout))
    assert "dltutor" in loaded and "rapidfuzz" in loaded  # the probe saw the module and its allowed helper
    assert not loaded & {"rich", "typer", "textual", "torch", "numpy"}


@pytest.mark.parametrize("typed, term, expected", [
    ("epoc", "Epoch", True), ("Epohc", "Epoch", True), ("epochh", "Epoch", True), ("rellu", "ReLU", True),
    ("epic", "Epoch", False), ("ephoc", "Epoch", False), ("grn", "GRU", False),
    ("backpropogation", "Backpropagation", True), ("bakcpropogation", "Backpropagation", True),
    ("forwardpropagation", "Backpropagation", False),
])
def test_cloze_forgives_one_slip_in_short_names_and_two_in_long_ones(typed, term, expected):
    assert grade_cloze(typed, term) is expected
