"""Names a learner types: lectures by number, id or slug; terms by name, alias, case; search."""

from __future__ import annotations

import pytest

from dltutor.course.lookup import find_lecture, find_readable, find_term, search_glossary
from dltutor.errors import NotFoundError


@pytest.mark.parametrize("name", ["lecture-3", "3", "perceptron-learning", "Lecture 3", "PERCEPTRON LEARNING"])
def test_a_lecture_by_any_of_its_names(course, name):
    assert find_lecture(course, name).id == "lecture-3"


def test_topic_pages_and_pages_are_readable_by_id(course):
    assert find_readable(course, "perceptrons").title == "Perceptrons"
    assert find_readable(course, "Types of Neurons").id == "types-of-neurons"
    assert find_readable(course, "final-thoughts").title == "Final Thoughts"


def test_an_unknown_lecture_names_the_closest(course):
    with pytest.raises(NotFoundError) as info:
        find_readable(course, "perceptron lerning")
    message = str(info.value)
    assert message.startswith("no lecture or page named 'perceptron lerning'; did you mean ")
    assert "lecture-3" in message


@pytest.mark.parametrize(
    "query,term_id",
    [
        ("relu", "relu"), ("ReLU", "relu"), ("BTU", "binary-threshold-unit"), ("btu", "binary-threshold-unit"),
        ("Binary Threshold Unit (BTU)", "binary-threshold-unit"), ("binary threshold unit", "binary-threshold-unit"),
        ("backprop", "backpropagation"), ("learning rate", "learning-rate"), ("λ", "learning-rate"),
        ("SGD", "stochastic-gradient-descent"), ("gan", "gan"), ("Generative Adversarial Network", "gan"),
        ("filter", "filter-kernel"), ("kernel", "filter-kernel"), ("query-key-value", "query-key-value"),
        ("Hebb’s rule", "hebbs-rule"), ("one hot encoding", "one-hot-encoding"),
    ],
)
def test_a_term_by_name_alias_or_case(course, query, term_id):
    assert find_term(course, query).id == term_id


@pytest.mark.parametrize("query,suggestion", [("backpropogation", "Backpropagation"), ("relue", "ReLU"), ("dropot", "Dropout")])
def test_a_misspelt_term_suggests_the_closest(course, query, suggestion):
    with pytest.raises(NotFoundError) as info:
        find_term(course, query)
    assert "did you mean" in str(info.value)
    assert suggestion in info.value.suggestions


def test_nonsense_gets_no_suggestions(course):
    with pytest.raises(NotFoundError) as info:
        find_term(course, "zzzzqqqq")
    assert info.value.suggestions == []


def test_search_finds_words_in_definitions_and_ranks_names_first(course):
    found = [t.id for t in search_glossary(course, "gradient")]
    assert "vanishing-gradient" in found and "momentum" in found
    assert found.index("gradient-descent") < found.index("momentum")
    assert {t.id for t in search_glossary(course, "sequence order")} == {"positional-encoding"}
    assert search_glossary(course, "") == []
    assert search_glossary(course, "qwertyuiop") == []
