"""The labelled learner answers (tests/data/grader/): the grader meets issue 10's goals on the working set.

The set-aside fifth is scored by bench/grader.py only, so tuning never sees it.
"""

from __future__ import annotations

import grader_set  # tests/grader_set.py

from dltutor.study.grading import grade_short_answer


def _verdicts(course):
    def verdict(a):
        q = next(q for q in course.lecture(a.lecture).quiz if q.number == a.number)
        return grade_short_answer(a.text, q.key_points, q.misconceptions).verdict

    return verdict


def test_the_labelled_set_is_big_enough_and_covers_every_question(course):
    answers = grader_set.load()
    questions = {(lec.id, q.number) for lec in course.lectures for q in lec.quiz}
    per_question = {k: sum((a.lecture, a.number) == k for a in answers) for k in questions}
    assert len(answers) >= 600 and min(per_question.values()) >= 20
    assert {a.kind for a in answers} == set(grader_set.KINDS)
    held = grader_set.held_out()
    assert 0.15 <= len(held) / len(answers) <= 0.25 and not set(held) & set(grader_set.working())


def test_the_grader_meets_the_goals_on_the_working_set(course):
    figures = grader_set.score(grader_set.working(), _verdicts(course))
    shown = [f"{a.where}: {a.label}/{a.kind} graded {v}: {a.text}" for a, v in figures.disagreements]
    assert figures.agreement >= grader_set.GOALS["agreement"], shown
    assert figures.wrong_graded_right <= grader_set.GOALS["wrong_graded_right"], shown
    assert figures.right_not_right <= grader_set.GOALS["right_not_right"], shown
    for kind in ("negation", "opposite", "misconception", "nonsense", "salad", "offtopic"):
        n, graded_right = figures.by_kind[kind]
        assert graded_right <= 0.05, (kind, graded_right)
