"""The essay checklist, word count and pieces: labelled essays, and texts built so the answer is known."""

from __future__ import annotations

import random

import pytest

from dltutor.study import essay
from dltutor.study.essay import check_essay, essay_from_file, editor_text, word_count

FILLER = ("The garden behind the old library was quiet that spring, and the gardener planted rows of beans, "
          "tomatoes and sunflowers along the fence while the neighbours talked about the weather.")


def _prompt(course, lecture, number):
    return course.lecture(lecture).essay_prompts[number - 1]


def _statuses(checklist):
    return {p.point: p.status for p in checklist.points}


def test_a_labelled_essay_gets_each_key_point_it_makes_and_misses_the_rest(course):
    # Lecture 3, prompt 2: limitations of the perceptron. This essay makes exactly two points, by hand:
    # the XOR problem and multilayer networks with hidden layers.
    text = ("The XOR problem is out of reach for one perceptron. To get past this, researchers stacked "
            "perceptrons into multilayer networks with hidden layers.")
    got = _statuses(check_essay(text, _prompt(course, "lecture-3", 2)))
    assert {p for p, s in got.items() if s == "addressed"} == {"XOR", "hidden layers"}
    assert {p for p, s in got.items() if s == "missing"} == {"linear separability", "no convergence",
                                                             "information capacity", "backpropagation"}


def test_saying_the_perceptrons_limitation_in_other_words_addresses_it(course):
    # Lecture 2, prompt 1: the XOR limitation said with "cannot", as a learner writes it, is addressed,
    # never contradicted.
    text = ("A single-layer perceptron draws one straight line, so it cannot separate XOR: the two classes "
            "sit on opposite corners.")
    got = _statuses(check_essay(text, _prompt(course, "lecture-2", 1)))
    assert got["XOR limitation"] == "addressed"
    assert "contradicted" not in got.values()


def test_an_essays_point_is_found_by_its_own_name_and_a_contrast_addresses_both_sides(course):
    # Lecture 3, prompt 1: the points are named "positive weights", "negative weights", "template";
    # an essay saying them in those words addresses them (the names are ways to make them).
    text = ("Reshaping the weights into an image shows a template: positive weights where the class has ink. "
            "Negative weights mark pixels of other classes.")
    got = _statuses(check_essay(text, _prompt(course, "lecture-3", 1)))
    assert {p for p, s in got.items() if s == "addressed"} == {
        "weights reshaped as an image", "positive weights", "negative weights", "template"}
    assert {p for p, s in got.items() if s == "missing"} == {"interpretability", "spurious features"}


def test_an_off_topic_essay_addresses_nothing(course):
    got = check_essay(FILLER * 3, _prompt(course, "lecture-3", 2))
    assert got.count("addressed") == 0 and got.count("missing") == len(got.points) == 6


def test_the_checklist_lists_every_key_point_of_the_prompt_in_the_course_order(course):
    for lecture in course.lectures:
        for prompt in lecture.essay_prompts:
            got = check_essay("", prompt)
            assert [p.point for p in got.points] == [k.text for k in prompt.key_points]
            assert {p.status for p in got.points} == {"missing"} and got.words == 0


def test_word_count_matches_words_counted_independently():
    rng = random.Random(7)
    vocabulary = ["weights", "bias", "gradient", "λ", "ReLU", "non-linear", "don't", "x₁", "2N", "Hebb’s"]
    for _ in range(20):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 300))]
        separators = [rng.choice([" ", "  ", "\n", ", ", ". ", " — "]) for _ in words]
        text = "".join(w + sep for w, sep in zip(words, separators))
        assert word_count(text) == len(words)


def test_a_point_made_only_past_the_graders_answer_size_is_still_found(course):
    from dltutor.study.grading import MAX_ANSWER_CHARS

    filler = "\n\n".join(f"{FILLER} (note {i})" for i in range(MAX_ANSWER_CHARS // len(FILLER) + 20))
    assert len(filler) > MAX_ANSWER_CHARS + 1000
    text = filler + "\n\nThe XOR problem is out of reach for one perceptron."
    got = check_essay(text, _prompt(course, "lecture-3", 2))
    assert _statuses(got)["XOR"] == "addressed" and not got.partial


def test_a_point_made_past_what_the_checklist_reads_is_not_claimed_and_the_summary_says_so(course):
    filler = "\n\n".join(f"{FILLER} (note {i})" for i in range(essay.CHECK_CHARS // len(FILLER) + 50))
    text = filler + "\n\nThe XOR problem is out of reach for one perceptron."
    got = check_essay(text, _prompt(course, "lecture-3", 2))
    assert got.partial and got.checked_chars <= essay.CHECK_CHARS < got.chars == len(text)
    assert _statuses(got)["XOR"] == "missing"
    assert f"judged on the first {got.checked_chars:,} characters" in essay.summary_line(got)


def test_one_endless_line_is_cut_into_pieces_the_grader_can_take():
    from dltutor.study.grading import MAX_ANSWER_CHARS

    line = " ".join(["word"] * 30_000)  # 150,000 characters, no sentence end, no paragraph
    pieces = essay._pieces(line, MAX_ANSWER_CHARS)
    assert all(len(p) <= MAX_ANSWER_CHARS for p in pieces)
    assert sum(p.count("word") for p in pieces) == 30_000


@pytest.mark.parametrize("draft", ["", "My essay so far.\n\nSecond paragraph.\n", "Ends without newline"])
def test_the_editor_file_gives_back_exactly_the_draft(course, draft):
    ref = essay.find_prompt(course, course.lecture("lecture-3"), 1)
    text = editor_text(ref, draft)
    assert "Discuss how visualizing the weight vector" in text  # the prompt is shown to the learner
    assert essay_from_file(text).rstrip("\n") == draft.rstrip("\n")
    # A learner who deletes our comment keeps everything they wrote.
    assert essay_from_file("No comment here.\n") == "No comment here.\n"


def test_next_prompt_is_the_first_unwritten_then_the_first_not_done(course):
    refs = essay.all_prompts(course)
    assert len(refs) == sum(len(lec.essay_prompts) for lec in course.lectures) == 19
    assert essay.next_prompt(refs, {}, {}) == refs[0]
    written = {r.key: object() for r in refs}
    assert essay.next_prompt(refs, {k: 1 for k in list(written)[:3]}, {}) == refs[3]
    done = {r.key: True for r in refs}
    done[refs[5].key] = False
    assert essay.next_prompt(refs, written, done) == refs[5]
    done[refs[5].key] = True
    assert essay.next_prompt(refs, written, done) is None
