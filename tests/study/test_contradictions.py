"""Answers judged by what they say: negation, opposites, misconceptions, keyword salad, fragments, quoting."""

from __future__ import annotations

import pytest

from dltutor.course.model import KeyPoint, Misconception
from dltutor.study.grading import grade_short_answer
from dltutor.study.quiz import build_quiz, grade
from dltutor.study.wording import feedback_text, paragraphs


def question(course, lecture_id: str, number: int):
    return next(q for q in course.lecture(lecture_id).quiz if q.number == number)


def judge(course, lecture_id, number, answer):
    q = question(course, lecture_id, number)
    return grade_short_answer(answer, q.key_points, q.misconceptions)


def outcomes(g):
    return [j.outcome for j in g.points]


# --- negation -----------------------------------------------------------------------------------

NEGATIONS = [  # a key point said under each kind of negation cue: (point, the point made, the point negated)
    (KeyPoint("updates the weights"), "It updates the weights.", "It does not update the weights."),
    (KeyPoint("updates the weights"), "It updates the weights.", "It never updates the weights."),
    (KeyPoint("updates the weights"), "It updates the weights.", "It cannot update the weights."),
    (KeyPoint("updates the weights"), "It updates the weights.", "It fails to update the weights."),
    (KeyPoint("updates the weights"), "It updates the weights.", "It doesnt update the weights."),
    (KeyPoint("has a bias"), "The neuron has a bias.", "The neuron has no bias."),
    (KeyPoint("has a bias"), "The neuron has a bias.", "The neuron works without a bias."),
    (KeyPoint("velocity"), "It keeps a velocity.", "It has neither velocity nor inertia."),
    (KeyPoint("past gradients"), "Momentum uses past gradients.", "Momentum discards past gradients."),
    (KeyPoint("focuses on relevant parts"), "It focuses on the relevant parts.", "It isn't focusing on relevant parts."),
]


@pytest.mark.parametrize(("point", "said", "negated"), NEGATIONS)
def test_a_key_point_under_negation_is_contradicted(point, said, negated):
    assert outcomes(grade_short_answer(said, (point,))) == ["made"]
    g = grade_short_answer(negated, (point,))
    assert outcomes(g) == ["contradicted"] and g.verdict == "wrong"


def test_negation_reaches_only_to_the_end_of_its_clause():
    points = (KeyPoint("converge"), KeyPoint("oscillates"))
    g = grade_short_answer("It does not converge, but it oscillates.", (KeyPoint("does not converge"), points[1]))
    assert outcomes(g) == ["made", "made"]
    g = grade_short_answer("It does not oscillate, and it converges.", points)
    assert outcomes(g) == ["made", "contradicted"]


def test_a_negative_key_point_is_made_by_negation_and_contradicted_by_the_plain_claim(course):
    # lecture 3's "does not converge": made by any way of saying it, contradicted by "it converges"
    for said in ("It never converges; the weights keep changing.", "Training fails to converge and loops forever.",
                 "The perceptron never settles, it cycles endlessly.", "No convergence: it oscillates."):
        g = judge(course, "lecture-3", 3, said)
        assert g.verdict == "right", (said, outcomes(g))
    for said in ("It converges anyway after enough epochs; it does not oscillate.",
                 "It converges to a solution eventually."):
        g = judge(course, "lecture-3", 3, said)
        assert g.verdict == "wrong" and outcomes(g)[0] == "contradicted", (said, outcomes(g))


def test_a_name_under_another_words_negation_is_not_called_contradicted():
    # "cannot separate XOR" denies separating, not XOR: the grader cannot tell what that says of a point
    # named only "XOR", so it is unsure, never contradicted (and never made: "it cannot provide
    # regularisation" must not make the point "regularisation").
    for answer, point in (("A single perceptron cannot separate XOR.", KeyPoint("XOR")),
                          ("Dropout does not provide regularisation.", KeyPoint("regularisation"))):
        g = grade_short_answer(answer, (point,))
        assert outcomes(g) == ["unsure"] and g.verdict != "right", answer
    # The name itself denied is still a contradiction; so is a verb of the point under negation.
    assert outcomes(grade_short_answer("It is not regularisation.", (KeyPoint("regularisation"),))) == ["contradicted"]
    assert outcomes(grade_short_answer("It does not oscillate.", (KeyPoint("oscillates"),))) == ["contradicted"]


def test_a_contrast_names_the_other_thing_and_denies_nothing(course):
    # "positive weights ...; negative weights ..." names two things: both points made, neither denied.
    points = (KeyPoint("positive weights"), KeyPoint("negative weights"))
    g = grade_short_answer("Positive weights mark the class's pixels; negative weights mark the others.", points)
    assert outcomes(g) == ["made", "made"]
    # Naming only the opposite thing, or saying both ways with a verb, is still a contradiction.
    assert outcomes(grade_short_answer("It uses negative weights.", points[:1])) == ["contradicted"]
    assert outcomes(grade_short_answer("It increases the loss; it decreases the loss.",
                                       (KeyPoint("decreases the loss"),))) == ["contradicted"]
    # The learner's usual right answer on vanishing gradients contrasts early and later layers.
    g = judge(course, "lecture-8", 1, "Gradients shrink as they go back through the layers, so early layers "
                                      "learn slowly while later layers learn fast.")
    assert g.verdict == "right" and "contradicted" not in outcomes(g), outcomes(g)


def test_a_double_negation_is_no_contradiction():
    point = KeyPoint("no line separates the classes")
    assert outcomes(grade_short_answer("You cannot draw a line that separates the classes.", (point,))) == ["made"]
    assert outcomes(grade_short_answer("A single line separates the classes.", (point,))) == ["contradicted"]


# --- antonyms -----------------------------------------------------------------------------------

OPPOSITES = [  # (key point, said the same way, said the opposite way)
    ("the weight increases", "the weight grows", "the weight decreases"),
    ("moves away from the origin", "the boundary is shifted away from the origin", "it moves toward the origin"),
    ("applied during training", "it is used while training", "it is used at test time"),
    ("strengthens the connection", "the link gets stronger", "it weakens the connection"),
    ("not linearly separable", "the data is linearly inseparable", "the data is linearly separable"),
    ("larger in deeper layers", "bigger in deeper layers", "smaller in deeper layers"),
    ("computes it exactly", "it computes it precisely", "it only computes it approximately"),
    ("less noisy", "the estimate is smoother", "the estimate is noisier"),
    ("escape local minima", "it gets out of local minima", "it gets stuck in local minima"),
    ("against the gradient", "it goes downhill", "it climbs uphill"),
]


@pytest.mark.parametrize(("point", "same", "opposite"), OPPOSITES)
def test_an_antonym_contradicts_and_a_synonym_makes_the_point(point, same, opposite):
    k = (KeyPoint(point),)
    assert outcomes(grade_short_answer(same, k)) == ["made"], same
    assert outcomes(grade_short_answer(opposite, k)) == ["contradicted"], opposite


def test_an_opposite_under_negation_makes_the_point():
    # "not ... at test time" says "during training"; "doesn't grow" says it does not increase
    assert outcomes(grade_short_answer("It is not used at test time.", (KeyPoint("applied during training"),))) \
        == ["made"]


def test_two_opposites_at_once_are_not_read_as_agreement():
    # "disables ... during training" must not pass for "applied at test time" (two flips would cancel)
    mis = Misconception("x", "Dropout is applied at test time.", "Only in training.")
    g = grade_short_answer("Dropout randomly disables neurons during training.", (KeyPoint("dropout"),), (mis,))
    assert g.misconceptions == ()


def test_issue_examples_of_negations_and_opposites_are_wrong(course):
    assert judge(course, "lecture-3", 3, "It converges anyway after enough epochs; it does not oscillate.").verdict \
        == "wrong"
    g = judge(course, "lecture-8", 3, "Momentum discards past gradients, so it has no velocity or inertia; "
                                      "it cannot escape local minima")
    assert g.verdict == "wrong" and outcomes(g)[:3] == ["contradicted"] * 3
    g = judge(course, "lecture-8", 2, "Dropout randomly disables neurons at test time only, not during training")
    assert g.verdict == "wrong" and "at-test-time" in {s.misconception.id for s in g.misconceptions}


def test_issue_examples_of_right_answers_in_other_words_are_right(course):
    assert judge(course, "lecture-6", 3, "The patch of the image a unit can see; it gets bigger as you go deeper").verdict \
        == "right"
    assert judge(course, "lecture-1", 3, "When two neurons are active at the same moment, the link between them "
                                         "gets stronger").verdict == "right"
    assert judge(course, "lecture-9", 1, "it lets the model pay attention to the most important parts of the "
                                         "input").verdict == "right"


# --- true answers without the guidebook's errors (issue 11) --------------------------------------

TRUE_ANSWERS = [
    ("lecture-9", 3, "Without positional encodings self-attention cannot see word order, because permuting the tokens "
                     "only permutes the outputs."),
    ("lecture-5", 3, "Gradients shrink as they are propagated back through many layers, so the early layers learn "
                     "very slowly; ReLU activations, He initialisation and residual connections mitigate it."),
    ("lecture-6", 1, "Reusing one filter at every position cuts the number of parameters enormously, so the "
                     "network overfits less."),
]


@pytest.mark.parametrize(("lecture", "number", "answer"), TRUE_ANSWERS)
def test_a_true_answer_without_the_guidebooks_error_is_right(course, lecture, number, answer):
    g = judge(course, lecture, number, answer)
    assert g.verdict == "right", [(j.outcome, j.point.text) for j in g.points]


@pytest.mark.parametrize(("lecture", "number", "error", "misconception"), [
    ("lecture-5", 3, "Gradients shrink through many layers; ReLU, careful initialization, or dropout mitigate it.",
     "dropout-mitigates"),
    ("lecture-6", 1, "It reduces the number of parameters, reducing overfitting and computation.", "less-computation"),
    ("lecture-9", 3, "Transformers process all inputs in parallel, so positional encodings supply the order.",
     "parallelism-is-the-reason"),
])
def test_the_guidebooks_error_is_a_misconception_with_its_correction(course, lecture, number, error, misconception):
    q = question(course, lecture, number)
    g = grade_short_answer(error, q.key_points, q.misconceptions)
    assert g.verdict == "wrong" and misconception in {s.misconception.id for s in g.misconceptions}


# --- every question's misconceptions --------------------------------------------------------------

def _all_misconceptions(course):
    return [(lec.id, q.number, m.id, s) for lec in course.lectures for q in lec.quiz for m in q.misconceptions
            for s in m.statements]


def test_every_guidebook_question_has_misconceptions(course):
    for lecture in course.lectures:
        for q in lecture.quiz:
            assert q.misconceptions, (lecture.id, q.number)
            assert all(m.phrasings and m.correction for m in q.misconceptions)


def test_each_misconception_said_is_wrong_reported_and_corrected(course):
    statements = _all_misconceptions(course)
    assert len(statements) >= 150
    items = {i.key: i for i in build_quiz(course, n=100_000, types=("short",), seed=0)}
    for lecture, number, mid, said in statements:
        it = items[f"{lecture}/quiz/{number}"]
        result = grade(it, said)
        assert result.verdict == "wrong", (lecture, number, said)
        reported = {m.id: m for m in result.details.misconceptions}
        assert mid in reported, (lecture, number, mid, said)
        correction = reported[mid].correction
        shown = " ".join(f"{p.head} {p.body}" for p in paragraphs(result))
        assert correction in shown and correction.rstrip(".") in feedback_text(result)
        quote = reported[mid].quote
        assert f"'{quote}'" in shown and quote.rstrip("…").casefold() in said.casefold()


def test_feedback_quotes_the_learners_own_words_and_gives_the_correction(course):
    items = {i.key: i for i in build_quiz(course, n=100_000, types=("short",), seed=0)}
    result = grade(items["lecture-8/quiz/2"], "Dropout randomly disables neurons at test time only, not during training")
    (wrote,) = [p for p in paragraphs(result) if p.head == "You wrote"]
    quote = wrote.body.split("'")[1]
    assert quote in result.response and "at test time" in quote
    assert "Dropout is applied during training only" in wrote.body and wrote.tone == "bad"


# --- keyword salad and fragments -------------------------------------------------------------------

@pytest.mark.parametrize(("lecture", "number", "salad"), [
    ("lecture-9", 2, "query key value weights"),
    ("lecture-1", 3, "fire together wire together"),
    ("lecture-5", 3, "vanishing gradients, ReLU, He initialization, residual connections"),
    ("lecture-8", 3, "velocity past gradients local minima smoothing"),
    ("lecture-7", 3, "unroll BPTT gradients feedforward"),
])
def test_keyword_salad_is_at_most_partly_right_with_a_nudge(course, lecture, number, salad):
    items = {i.key: i for i in build_quiz(course, n=100_000, types=("short",), seed=0)}
    result = grade(items[f"{lecture}/quiz/{number}"], salad)
    assert result.details.salad and result.verdict in ("partial", "wrong")
    assert any("in a sentence" in p.body for p in paragraphs(result))


def test_the_same_terms_in_a_sentence_are_right(course):
    assert judge(course, "lecture-9", 2, "The query is compared with every key, the softmax of the scores gives the "
                                         "weights, and those weights mix the values.").verdict == "right"


@pytest.mark.parametrize("fragment", ["w", "Σ + b φ", "x", "λ", "∂", "+ b", "(t - y)", "φ(z)", ">0"])
def test_a_letter_symbol_or_formula_fragment_makes_no_key_point(course, fragment):
    for lecture, number in (("lecture-1", 2), ("lecture-3", 2), ("lecture-2", 1)):
        g = judge(course, lecture, number, fragment)
        assert g.hit == () and g.verdict == "wrong", (fragment, lecture, outcomes(g))


def test_an_equation_is_a_statement(course):
    assert judge(course, "lecture-3", 2, "Δw = λ(t − y)x").verdict == "right"


# --- confidence ------------------------------------------------------------------------------------

def test_confidence_is_a_share_and_lower_where_the_grader_is_unsure():
    point = KeyPoint("shifts the decision boundary away from the origin")
    sure = grade_short_answer("It shifts the decision boundary away from the origin.", (point,))
    unsure = grade_short_answer("It shifts the decision boundary.", (point,))
    assert sure.verdict == "right" and 0.0 <= unsure.confidence < sure.confidence <= 1.0
    assert unsure.unsure == (point,) and unsure.verdict == "wrong"
