"""The shipped course carries the whole guidebook, in clean UTF-8, with every formula readable."""

from __future__ import annotations

import re

from dltutor.course.markdown import for_terminal, guidebook_markdown, lecture_markdown, topic_markdown
from dltutor.course.mathtext import find_formulas, latex_to_unicode
from dltutor.paths import content_dir


def test_counts_per_lecture_match_the_guidebook(course):
    assert [len(lec.quiz) for lec in course.lectures] == [5, 4, 3, 3, 3, 3, 3, 3, 3]
    assert sum(1 for lec in course.lectures for q in lec.quiz if q.answer.strip()) == 30
    assert sum(len(lec.essay_prompts) for lec in course.lectures) == 19
    assert sum(len(lec.glossary) for lec in course.lectures) == 59
    assert [lec.id for lec in course.lectures] == [f"lecture-{n}" for n in range(1, 10)]


def test_terms_defined_in_several_lectures_are_one_entry_with_every_definition(course):
    expected = {
        "backpropagation": ("lecture-1", "lecture-5", "lecture-8"),
        "hyperplane": ("lecture-2", "lecture-3"),
        "attention-mechanism": ("lecture-7", "lecture-9"),
    }
    for term_id, lectures in expected.items():
        term = course.term(term_id)
        assert term.lectures == lectures
        assert len({d.text for d in term.definitions}) == len(lectures)
    assert len(course.glossary) == 59 - 2 - 1 - 1
    assert sum(len(t.definitions) for t in course.glossary) == 59


def test_every_question_and_prompt_has_key_points_with_synonyms(course):
    for lec in course.lectures:
        for item in (*lec.quiz, *lec.essay_prompts):
            assert item.key_points, (lec.id, item)
    points = [p for lec in course.lectures for q in lec.quiz for p in q.key_points]
    assert sum(1 for p in points if p.synonyms) / len(points) > 0.9


def test_content_files_are_clean_utf8():
    for path in sorted(content_dir().rglob("*.yaml")):
        text = path.read_bytes().decode("utf-8")  # raises on anything else
        # Mojibake of a UTF-8 text read as cp1252 / latin-1, and replacement characters.
        assert not re.search("â€|Ã.|Î»|\ufffd", text), path
        assert "\r" not in text, path
    lecture3 = next(content_dir().glob("lectures/03-*.yaml")).read_text(encoding="utf-8")
    assert "Learning Rate (λ)" in lecture3


def test_foundational_concepts_of_the_table_of_contents_are_topic_pages(course):
    titles = {t.title for t in course.topics}
    assert titles == {
        "Perceptrons", "Building Artificial Neural Networks", "Types of Neurons", "Types of Machine Learning",
        "Linear and Logistic Regression", "Cost Functions", "Overfitting and Regularization",
    }
    sections = {s.title for t in course.topics for s in t.sections}
    for sub in ("Binary Threshold Unit (BTU)", "Perceptron Learning Algorithm", "Linear Separation",
                "Limitations of Linear Separation", "Visible Units", "Deep Networks", "Shallow Networks",
                "Logistic Neurons (Sigmoid)", "Linear Unit", "Rectified Linear Unit (ReLU)",
                "Hyperbolic Tangent (Tanh)", "Leaky ReLU", "Supervised Learning", "Unsupervised Learning",
                "Cross-Entropy (CE)", "Mean Squared Error (MSE)", "Regularization Techniques"):
        assert sub in sections
    # Every topic page quotes real lecture text.
    for page in course.topics:
        text = topic_markdown(page, course)
        assert "From `dltutor read lecture-" in text, page.id
    assert {p.id for p in course.pages} == {"about", "resources", "final-thoughts"}


def _norm_lines(markdown: str) -> list[str]:
    lines = []
    for line in markdown.splitlines():
        line = line.strip().replace("**", "")
        if line and line != "---":
            lines.append(line)
    return lines


def _parts(guidebook: str) -> dict[str, str]:
    """The guidebook cut at each `## ` heading: heading -> its body ("" for what comes before)."""
    parts = {}
    for chunk in re.split(r"^(?=## )", guidebook, flags=re.M):
        heading, _, body = chunk.partition("\n")
        parts[heading[3:].strip() if heading.startswith("## ") else ""] = chunk if not heading.startswith("## ") else body
    return parts


PAGES_PART = "Additional Resources & Final Thoughts"


def test_the_guidebook_has_the_parts_the_course_carries(course, guidebook):
    # A part added to the guidebook, or renamed, must be carried somewhere before this passes.
    lectures = [f"Lecture {lec.number}: {lec.title}" for lec in course.lectures]
    assert list(_parts(guidebook)) == ["", "About this Study Guide", "Table of Contents", *lectures, PAGES_PART]
    assert _norm_lines(_parts(guidebook)[""]) == ["# Deep Learning Course Guidebook"]


def test_each_lecture_gives_back_the_guidebook_text_line_for_line(course, guidebook):
    parts = _parts(guidebook)
    for lec in course.lectures:
        original = f"## Lecture {lec.number}: {lec.title}\n" + parts[f"Lecture {lec.number}: {lec.title}"]
        assert _norm_lines(guidebook_markdown(lec)) == _norm_lines(original), lec.id


def test_the_pages_carry_the_rest_of_the_guidebook_line_for_line(course, guidebook):
    about, resources, final = (next(p for p in course.pages if p.id == i) for i in ("about", "resources", "final-thoughts"))
    parts = _parts(guidebook)
    assert _norm_lines(parts[about.title]) == _norm_lines(about.text)
    assert _norm_lines(parts[PAGES_PART]) == [f"### {resources.title}", *_norm_lines(resources.text),
                                               f"### {final.title}", *_norm_lines(final.text)]
    assert "[Hugging Face Transformers](https://github.com/huggingface/transformers)" in resources.text
    assert final.text.endswith("may your journey in deep learning lead to innovative breakthroughs!")


def _contents(guidebook: str) -> dict[str, list[tuple[str, list[str]]]]:
    """The table of contents: part heading -> [(entry, its sub-entries)]."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    part = None
    for line in _parts(guidebook)["Table of Contents"].splitlines():
        if m := re.fullmatch(r"\*\*(I+)\. (.+)\*\*", line.strip()):
            part = out.setdefault(m.group(2), [])
        elif m := re.match(r"\d+\.\s+(?:\*\*)?\[([^\]]+)\]", line):
            part.append((m.group(1), []))
        elif m := re.match(r"\s+- \[([^\]]+)\]", line):
            part[-1][1].append(m.group(1))
    return out


def test_the_table_of_contents_is_carried_by_topic_pages_and_lectures(course, guidebook):
    toc = _contents(guidebook)
    assert list(toc) == ["Foundational Concepts", "Core Deep Learning Lectures", "Project Specifics"]
    # I: each foundational concept is a topic page, in order, and each sub-entry one of its sections.
    assert [title for title, _ in toc["Foundational Concepts"]] == [t.title for t in course.topics]
    for (title, subs), page in zip(toc["Foundational Concepts"], course.topics):
        sections = [s.title for s in page.sections]
        assert [sub for sub in subs if sub in sections] == subs, (title, subs, sections)
    # II: each lecture, in order, then the pages; each sub-entry is a heading inside that lecture's text.
    entries = toc["Core Deep Learning Lectures"]
    assert [e for e, _ in entries] == [f"Lecture {lec.number}: {lec.title}" for lec in course.lectures] + [PAGES_PART]
    for (entry, subs), lec in zip(entries, course.lectures):
        text = "\n".join(f"{t.title}\n{t.text}" for t in lec.topics)
        for sub in subs:
            assert f"**{sub}**" in text or sub in (t.title for t in lec.topics), (entry, sub)
    # III names sections the guidebook does not have: nothing to carry, and nothing dltutor shows.
    headings = set(re.findall(r"^#+ (.+)$", guidebook, re.M))
    project = [e for e, _ in toc["Project Specifics"]]
    assert len(project) == 8 and not headings & set(project)


def test_authoring_notes_are_kept_but_never_shown_as_visual_aids(course, guidebook):
    notes = [n for lec in course.lectures for n in lec.authoring_notes]
    assert len(notes) == 8 and all(n.startswith("*(") and n.endswith(")*") for n in notes)
    for n in notes:
        assert f"- {n}" in guidebook
    for lec in course.lectures:
        aids = lecture_markdown(lec, course).split("## Visual Aids", 1)[1]
        assert "3Blue1Brown" not in aids and "*(" not in aids, lec.id
        assert all("(" not in a.text[:2] for a in lec.visual_aids)


def _all_text(course) -> list[str]:
    texts = []
    for lec in course.lectures:
        texts += [t.text for t in lec.topics]
        texts += [q.question for q in lec.quiz] + [q.answer for q in lec.quiz]
        texts += [g.definition for g in lec.glossary] + [e.prompt for e in lec.essay_prompts]
    return texts


def test_every_formula_in_the_content_renders_without_latex_left(course):
    formulas = [f for text in _all_text(course) for f in find_formulas(text)]
    assert len(formulas) >= 40
    for formula in formulas:
        out = latex_to_unicode(formula)
        assert out.strip(), formula
        for leftover in ("\\", "{", "}", "_{", "^{", "$"):
            assert leftover not in out, (formula, out)


def test_reading_text_keeps_formulas_on_their_own_lines(course):
    lec = course.lectures[0]
    text = for_terminal(lecture_markdown(lec, course))
    assert "zᵢ = " in text and "$" not in text
    # The formula line and the "where ..." line stay separate lines (hard breaks).
    line = next(line for line in text.splitlines() if "zᵢ = " in line)
    assert line.endswith("  ") and "where" not in line
