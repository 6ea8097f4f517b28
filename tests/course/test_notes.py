"""Tutor's notes: loaded and checked, shown as tutor's notes (not as the guidebook's words) by `read`,
its `--json` and `--markdown`, `glossary`, and the app; video links that repeat are said and warned
about; the guidebook's authoring notes are kept but are not visual aids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.course.load import course_files, load_course, validate
from dltutor.course.validate import validate_paths

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")

LECTURE = """\
id: lecture-{n}
title: Lecture {n} Title
video:
  label: Video
  title: Video {n}
  url: {url}
  notes:
    - note: VIDEO-NOTE-{n} says what the link is.
      source: VIDEO-SOURCE-{n}
topics:
  - title: Neurons
    text: |-
      A neuron's input lies between 0 and 1.
      $y = \\sigma(z)$
    notes:
      - quote: input lies between 0 and 1
        note: TOPIC-NOTE-{n} The input $z_i$ is any real number.
        source: TOPIC-SOURCE-{n}
quiz:
  - question: What does a neuron compute?
    answer: HIGHLIGHT-{n} a weighted sum.
    key_points: [[weighted sum]]
    notes:
      - quote: a weighted sum
        note: QUIZ-NOTE-{n} plus a bias, then an activation.
        source: QUIZ-SOURCE-{n}
essay_prompts:
  - prompt: Discuss neurons.
    key_points: [[weights]]
    notes:
      - note: ESSAY-NOTE-{n} neurons are not brains.
        source: ESSAY-SOURCE-{n}
glossary:
  - term: Term {n}
    definition: DEFINITION-{n} updates weights.
    kind: concept
    notes:
      - quote: updates weights
        note: TERM-NOTE-{n} it computes gradients.
        source: TERM-SOURCE-{n}
visual_aids:
  - text: A diagram.
authoring_notes:
  - "*(Insert a link above.)*"
"""

TOPIC_PAGE = """\
id: neurons-page
title: Neurons Page
notes:
  - note: PAGE-TOPIC-NOTE the guidebook never defines this.
    source: PAGE-TOPIC-SOURCE
sections:
  - title: Inputs
    see: [lecture-1#neurons]
    terms: [term-1]
    notes:
      - quote: Inputs
        note: SECTION-NOTE about inputs.
        source: SECTION-SOURCE
"""

PAGE = """\
id: thoughts
title: Thoughts
text: Transformers and GNNs were covered.
notes:
  - quote: Transformers and GNNs
    note: PAGE-NOTE GNNs were not covered.
    source: PAGE-SOURCE
"""


def write(root: Path, urls=("https://example.org/a", "https://example.org/b")) -> Path:
    for kind in ("lectures", "topics", "pages"):
        (root / kind).mkdir(parents=True, exist_ok=True)
    for n, url in enumerate(urls, 1):
        (root / "lectures" / f"0{n}-lecture-{n}.yaml").write_text(LECTURE.format(n=n, url=url), encoding="utf-8")
    (root / "topics" / "01-neurons-page.yaml").write_text(TOPIC_PAGE, encoding="utf-8")
    (root / "pages" / "01-thoughts.yaml").write_text(PAGE, encoding="utf-8")
    return root


@pytest.fixture
def small(tmp_path, monkeypatch):
    root = write(tmp_path / "course")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    return root


def run(*args: str, width: int = 80) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return ANSI.sub("", result.stdout)


def flat(text: str) -> str:
    """Rendered text with its line breaks, margins and quote bars taken out, to find sentences in."""
    return " ".join(line.strip(" ▌│") for line in text.splitlines() if line.strip(" ▌│"))


# --- loading and checking ----------------------------------------------------------------------

def test_notes_on_every_kind_of_item_load_into_the_model(small):
    course = load_course(small, use_cache=False)
    lec = course.lecture("lecture-1")
    assert lec.video.notes[0].text.startswith("VIDEO-NOTE-1")
    assert lec.topics[0].notes[0].quote == "input lies between 0 and 1"
    assert lec.quiz[0].notes[0].source == "QUIZ-SOURCE-1"
    assert lec.essay_prompts[0].notes[0].text.startswith("ESSAY-NOTE-1")
    assert course.term("term-1").definitions[0].notes[0].text.startswith("TERM-NOTE-1")
    assert lec.authoring_notes == ("*(Insert a link above.)*",) and [a.text for a in lec.visual_aids] == ["A diagram."]
    page = course.topics[0]
    assert page.notes[0].source == "PAGE-TOPIC-SOURCE" and page.sections[0].notes[0].quote == "Inputs"
    assert course.pages[0].notes[0].quote == "Transformers and GNNs"


@pytest.mark.parametrize("file, old, new, expected", [
    ("topics/01-neurons-page.yaml", "      - quote: Inputs", "      - quote: Outputs",
     "sections[0].notes[0].quote: must be words the guidebook's text says, quoted exactly"),
    ("topics/01-neurons-page.yaml", "    source: PAGE-TOPIC-SOURCE\n", "", "notes[0].source: required"),
    ("lectures/01-lecture-1.yaml", "  url: https://example.org/a\n",
     "  url: https://example.org/a\n  guidebook_url: https://example.org/a\n",
     "video.guidebook_url: is the same as url"),
    ("lectures/01-lecture-1.yaml", "  url: https://example.org/a\n",
     "  url: https://example.org/a\n  guidebook_url: example.org/old\n", "video.guidebook_url: must be an http(s) address"),
    ("lectures/01-lecture-1.yaml", '  - "*(Insert a link above.)*"', "  - {a: b}", "authoring_notes[0]: expected text"),
])
def test_broken_notes_and_links_are_one_line_each(tmp_path, file, old, new, expected):
    root = write(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = validate(course_files(root))
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith(str(path)), problems


# --- warnings ----------------------------------------------------------------------------------

def test_a_video_link_two_lectures_share_is_a_warning_not_a_problem(tmp_path):
    root = write(tmp_path, urls=("https://example.org/same", "https://example.org/same"))
    aid = root / "lectures" / "02-lecture-2.yaml"
    aid.write_text(aid.read_text(encoding="utf-8").replace("  - text: A diagram.", '  - text: "*(Embed it here.)*"'),
                   encoding="utf-8")
    report = validate_paths([root])
    assert report.problems == []
    one, two = (root / "lectures" / f"0{n}-lecture-{n}.yaml" for n in (1, 2))
    aid_line = two.read_text(encoding="utf-8").splitlines().index('  - text: "*(Embed it here.)*"') + 1
    assert report.warnings == [
        f"{one}:6: video.url: warning: this link is also the video link of lecture-2 (\u201cVideo 2\u201d)",
        f"{two}:6: video.url: warning: this link is also the video link of lecture-1 (\u201cVideo 1\u201d)",
        f"{two}:{aid_line}: visual_aids[0]: warning: looks like an authoring note, not a visual aid; keep it under authoring_notes",
    ]
    result = runner.invoke(app, ["content", "validate", str(root)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [*report.warnings, "OK: 4 files, 2 lectures, 2 questions, 2 essay prompts, "
                                          "2 glossary terms, 3 warning(s)"]
    # A problem still fails, and the warnings are still printed, apart from it.
    one.write_text(one.read_text(encoding="utf-8").replace("title: Lecture 1 Title\n", "title: [oops]\n"), encoding="utf-8")
    bad = runner.invoke(app, ["content", "validate", str(root)])
    assert bad.exit_code == 2
    # The broken file is left out of the warnings; the readable one still has its own.
    assert bad.stdout.splitlines()[1:] == [report.warnings[2]]
    assert "title: expected text" in bad.stdout and "1 problem(s), 1 warning(s) in 4 file(s)" in bad.stderr


def test_a_replaced_link_warns_the_lecture_that_still_has_it(tmp_path):
    root = write(tmp_path, urls=("https://example.org/right", "https://example.org/wrong"))
    one = root / "lectures" / "01-lecture-1.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace(
        "  url: https://example.org/right\n", "  url: https://example.org/right\n  guidebook_url: https://example.org/wrong\n"),
        encoding="utf-8")
    report = validate_paths([root])
    assert report.warnings == [f"{root / 'lectures' / '02-lecture-2.yaml'}:6: video.url: warning: this link is the one "
                               "replaced in lecture-1 (\u201cVideo 1\u201d)"]


def test_the_shipped_course_warns_about_each_repeated_link_and_has_no_aid_that_is_an_authoring_note():
    report = validate_paths([])
    assert report.problems == []
    warned = sorted(re.search(r"lectures/(\d\d)-", w).group(1) for w in report.warnings)
    # The guidebook gives 4 and 7, 5 and 8, 6 and 9 one link each; 4 and 9 are replaced by verified links.
    assert warned == ["05", "06", "07", "08"] and all("video.url: warning:" in w for w in report.warnings)


# --- showing them ------------------------------------------------------------------------------

def test_read_shows_each_note_as_a_tutors_note_with_its_source_after_the_text_it_corrects(small):
    out = run("read", "1", "--no-pager")
    text = flat(out)
    for kind in ("VIDEO", "TOPIC", "ESSAY", "TERM"):
        assert re.search(rf"Tutor's note[^:]*: {kind}-NOTE-1 .*? Source: {kind}-SOURCE-1", text), kind
    # The quote is named, its math rendered; the note comes after the words it corrects.
    assert "Tutor's note on “input lies between 0 and 1”: TOPIC-NOTE-1 The input zᵢ is any real number." in text
    assert text.index("A neuron's input lies between 0 and 1.") < text.index("TOPIC-NOTE-1")
    assert text.index("DEFINITION-1") < text.index("TERM-NOTE-1")
    # A highlight's note shows only beside the highlight.
    assert "QUIZ-NOTE-1" not in text and "HIGHLIGHT-1" not in text
    assert all(len(line) <= 80 for line in out.splitlines())


def test_read_answers_shows_the_highlights_note_beside_it(small):
    text = flat(run("read", "1", "--answers", "--no-pager"))
    highlight = text.index("Answer: HIGHLIGHT-1 a weighted sum.")
    note = text.index("Tutor's note on “a weighted sum”: QUIZ-NOTE-1 plus a bias, then an activation. Source: QUIZ-SOURCE-1")
    assert highlight < note < text.index("Essay Prompts")


def test_read_json_and_markdown_carry_the_notes(small):
    data = json.loads(run("read", "1", "--json"))
    assert data["topics"][0]["notes"] == [{"text": "TOPIC-NOTE-1 The input $z_i$ is any real number.",
                                            "source": "TOPIC-SOURCE-1", "quote": "input lies between 0 and 1"}]
    assert data["quiz"][0]["notes"][0]["source"] == "QUIZ-SOURCE-1"
    assert data["video"]["notes"][0]["source"] == "VIDEO-SOURCE-1" and data["video"]["same_link_as"] == []
    assert data["glossary"][0]["notes"][0]["quote"] == "updates weights"
    assert data["authoring_notes"] == ["*(Insert a link above.)*"]
    md = run("read", "1", "--markdown", "--answers")
    for kind in ("VIDEO", "TOPIC", "QUIZ", "ESSAY", "TERM"):
        assert re.search(rf"^\s*> \*\*Tutor's note\*\*.*{kind}-NOTE-1 .* \*Source: {kind}-SOURCE-1\*$", md, re.M), kind
    assert "$z_i$" in md  # the export keeps LaTeX, as it does for the guidebook's own text
    assert "Insert a link" not in md  # an authoring note is no visual aid
    page = json.loads(run("read", "neurons-page", "--json"))
    assert page["notes"][0]["source"] == "PAGE-TOPIC-SOURCE" and page["sections"][0]["notes"][0]["quote"] == "Inputs"


def test_topic_pages_and_pages_show_their_own_notes_and_the_notes_of_what_they_quote(small):
    text = flat(run("read", "neurons-page", "--no-pager"))
    for needle in ("Tutor's note: PAGE-TOPIC-NOTE", "Tutor's note on “Inputs”: SECTION-NOTE",
                   "Tutor's note on “input lies between 0 and 1”: TOPIC-NOTE-1",
                   "Tutor's note on “updates weights”: TERM-NOTE-1"):
        assert needle in text, needle
    assert text.index("A neuron's input lies between 0 and 1.") < text.index("TOPIC-NOTE-1")
    page = flat(run("read", "thoughts", "--no-pager"))
    assert "Tutor's note on “Transformers and GNNs”: PAGE-NOTE GNNs were not covered. Source: PAGE-SOURCE" in page


def test_glossary_shows_the_note_under_its_definition_in_text_and_json(small):
    out = run("glossary", "term 1", width=40)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "DEFINITION-1" in line)
    assert lines[at + 1].startswith("  Tutor's note on “updates weights”:")
    assert "TERM-NOTE-1 it computes gradients." in flat(out) and "Source: TERM-SOURCE-1" in flat(out)
    assert all(len(line) <= 40 for line in lines)
    data = json.loads(run("glossary", "term 1", "--json"))
    assert data["definitions"][0]["notes"] == [{"text": "TERM-NOTE-1 it computes gradients.",
                                                "source": "TERM-SOURCE-1", "quote": "updates weights"}]


def test_the_reader_says_when_the_guidebook_repeats_a_link_and_when_one_is_replaced(tmp_path, monkeypatch):
    root = write(tmp_path, urls=("https://example.org/verified", "https://example.org/wrong"))
    one = root / "lectures" / "01-lecture-1.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace(
        "  url: https://example.org/verified\n",
        "  url: https://example.org/verified\n  guidebook_url: https://example.org/wrong\n"), encoding="utf-8")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    first = flat(run("read", "1", "--no-pager"))
    assert "https://example.org/verified" in first
    assert ("The guidebook links this title to https://example.org/wrong, the link it also gives Lecture 2 "
            "(“Video 2”); the link above is a verified replacement.") in first
    second = flat(run("read", "2", "--no-pager"))
    assert "The guidebook gives this same link to Lecture 1 (“Video 1”), under another title." in second
    assert json.loads(run("read", "2", "--json"))["video"]["same_link_as"] == ["lecture-1"]


# --- the shipped course ------------------------------------------------------------------------

def _item(course, lecture_id, kind, name):
    lec = course.lecture(lecture_id)
    if kind == "topic":
        return next(t for t in lec.topics if t.title == name)
    if kind == "glossary":
        return next(g for g in lec.glossary if g.id == name)
    return lec.video


# Where the guidebook is wrong or dangerously simplified (issue 11's list), and what the note must say.
ISSUE_NOTES = [
    ("lecture-2", "topic", "Types of Neurons", "The input to this activation function is between 0 and 1.", "any real number"),
    ("lecture-2", "topic", "Types of Neurons", "", "σ is the BTU's step function"),
    ("lecture-3", "topic", "Perceptron Learning Algorithm", "", "σ here is the BTU's step function"),
    ("lecture-5", "topic", "Purpose of Non-Linear Activation Functions", "", "write it σ"),
    ("lecture-7", "topic", "Attention Mechanisms", "covered in detail in Lecture 5", "covered in Lecture 9"),
    ("lecture-6", "topic", "Parameter Sharing", "", "not the arithmetic"),
    ("lecture-9", "topic", "Positional Encoding", "", "permuted the same way"),
    ("lecture-1", "topic", "Backpropagation", "The method used to update weights", "only computes the gradients"),
    ("lecture-1", "glossary", "backpropagation", "Algorithm for updating weights via gradients.", "only computes the gradients"),
    ("lecture-8", "glossary", "backpropagation", "and update weights", "only computes the gradients"),
    ("lecture-2", "topic", "Building Theorem", "", "Exactly, not approximately"),
    ("lecture-3", "glossary", "information-capacity", "beyond a threshold, learning fails", "for random labels"),
    ("lecture-9", "topic", "Beam Search", "The search algorithm used to generate sequences", "only approximates"),
    ("lecture-9", "glossary", "beam-search", "to generate the most likely output", "only approximates"),
    ("lecture-8", "topic", "Momentum", "avoid local minima", "nothing guarantees"),
    ("lecture-8", "topic", "Weight Sharing", "promote invariant feature learning", "equivariant to translation"),
    ("lecture-1", "topic", "AI Spectrum", "General AI (multi-task learning)", "Multi-task learning is a training method"),
    ("lecture-6", "topic", "CNN Fundamentals", "W_2 = \\frac{(W_1 - F + 2P)}{S} + 1", "\\lfloor (W_1 - F + 2P)/S \\rfloor + 1"),
    ("lecture-5", "topic", "Loss Function Role", "\\text{MSE}(t, y) = (t - y)^2", "averages it over the N examples"),
    ("lecture-4", "video", "", "", "“Gradient descent, how neural networks learn”"),
    ("lecture-9", "video", "", "", "“Attention in transformers, step-by-step”"),
]


@pytest.mark.parametrize("lecture, kind, name, quote, says", ISSUE_NOTES)
def test_the_shipped_course_notes_each_error_of_the_guidebook(course, lecture, kind, name, quote, says):
    notes = _item(course, lecture, kind, name).notes
    assert any(n.quote == quote and says in n.text for n in notes), [n.text for n in notes]


def _all_notes(course):
    for lec in course.lectures:
        yield from lec.video.notes
        for item in (*lec.topics, *lec.quiz, *lec.essay_prompts, *lec.glossary):
            yield from item.notes
    for page in course.topics:
        yield from page.notes
        for section in page.sections:
            yield from section.notes
    for page in course.pages:
        yield from page.notes


def test_every_shipped_note_names_a_source_a_learner_can_find(course):
    notes = list(_all_notes(course))
    assert len(notes) >= 40
    for note in notes:
        # A year, a section or chapter, or an address: never a bare "see the literature".
        assert re.search(r"\b(19|20)\d\d\b|§|\bch\. \d|\.(com|org|io)/|Lecture \d", note.source), note.source
        assert not note.text.startswith(("Tutor", "Note")), note.text  # the label is added when shown


def test_the_replaced_links_keep_the_guidebooks_and_the_rest_are_the_guidebooks_own(course, guidebook):
    for lec in course.lectures:
        assert f"]({lec.video.original_url})" in guidebook, lec.id
    replaced = {lec.id: lec.video.url for lec in course.lectures if lec.video.guidebook_url}
    assert replaced == {"lecture-4": "https://www.youtube.com/watch?v=IHZwWFHWa-w",
                        "lecture-9": "https://www.youtube.com/watch?v=eMlx5fFNoYc"}
