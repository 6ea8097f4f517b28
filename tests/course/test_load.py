"""The loader: a table of broken files, each giving one exact line; safety; the cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dltutor.course.load import course_files, load_course, validate
from dltutor.errors import ContentError
from dltutor.paths import content_dir

GOOD_LECTURE = """\
id: lecture-1
title: A Small Lecture
video:
  label: Video
  title: A video
  url: https://example.org/v
topics:
  - title: Neurons
    text: A neuron computes $z = \\sum_j w_j x_j + b$.
quiz:
  - question: What does a neuron compute?
    answer: A weighted sum plus a bias.
    key_points:
      - [weighted sum, sum of weighted inputs]
      - bias
essay_prompts:
  - prompt: Discuss neurons.
    key_points: [[weights, synapses]]
glossary:
  - term: Neuron (unit)
    definition: A thing that computes.
    aliases: [node]
    see_also: [bias]
  - term: Bias
    definition: An offset.
visual_aids:
  - text: A diagram.
    demo: neuron
"""


def write_course(root: Path, lecture: str = GOOD_LECTURE, name: str = "01-small.yaml") -> Path:
    (root / "lectures").mkdir(parents=True, exist_ok=True)
    path = root / "lectures" / name
    path.write_text(lecture, encoding="utf-8")
    return path


def problems_of(root: Path) -> list[str]:
    _, problems = validate(course_files(root))
    return problems


def test_a_good_course_loads_into_the_model(tmp_path):
    write_course(tmp_path)
    course = load_course(tmp_path, use_cache=False)
    (lec,) = course.lectures
    assert (lec.id, lec.number, lec.slug, lec.title) == ("lecture-1", 1, "small", "A Small Lecture")
    assert lec.quiz[0].key_points[0].phrasings == ("weighted sum", "sum of weighted inputs")
    assert lec.quiz[0].key_points[1].text == "bias"
    neuron = course.term("neuron")
    assert neuron.term == "Neuron (unit)" and "unit" in neuron.aliases and "node" in neuron.aliases
    assert neuron.see_also == ("bias",)
    assert lec.demos == ("neuron",)


NOTED = GOOD_LECTURE.replace("""      - bias
essay_prompts:""", """      - bias
    misconceptions:
      - id: no-bias
        claim: A neuron only multiplies its inputs.
        phrasings: [just a product of the inputs]
        correction: A neuron adds a bias to the weighted sum.
    notes:
      - quote: A weighted sum plus a bias.
        note: The weighted sum plus bias is then passed through an activation.
        source: Goodfellow et al., Deep Learning, 6.1
essay_prompts:""").replace("""    definition: An offset.
""", """    definition: An offset.
    notes:
      - note: The bias shifts the threshold.
        source: Bishop, 4.1
""")


def test_notes_and_misconceptions_load_into_the_model(tmp_path):
    write_course(tmp_path, NOTED)
    (lec,) = load_course(tmp_path, use_cache=False).lectures
    (m,) = lec.quiz[0].misconceptions
    assert (m.id, m.claim, m.phrasings) == ("no-bias", "A neuron only multiplies its inputs.", ("just a product of the inputs",))
    assert m.correction.startswith("A neuron adds a bias") and m.statements[1] == "just a product of the inputs"
    (note,) = lec.quiz[0].notes
    assert (note.quote, note.source) == ("A weighted sum plus a bias.", "Goodfellow et al., Deep Learning, 6.1")
    bias = next(e for e in lec.glossary if e.id == "bias")
    assert bias.notes[0].text == "The bias shifts the threshold." and bias.notes[0].quote == ""
    assert load_course(tmp_path, use_cache=False).term("bias").definitions[0].notes == bias.notes


@pytest.mark.parametrize("old,new,expected", [
    ("      - quote: A weighted sum plus a bias.", "      - quote: words the answer never says",
     "quiz[0].notes[0].quote: must be words the guidebook's text says, quoted exactly"),
    ("        source: Goodfellow et al., Deep Learning, 6.1\n", "", "quiz[0].notes[0].source: required"),
    ("        correction: A neuron adds a bias to the weighted sum.\n", "", "quiz[0].misconceptions[0].correction: required"),
    ("      - id: no-bias", "      - id: No Bias", "quiz[0].misconceptions[0].id: an id is lower-case words joined by '-'"),
    ("        phrasings: [just a product of the inputs]", "        phrasings: just one",
     "quiz[0].misconceptions[0].phrasings: expected a list"),
])
def test_broken_notes_and_misconceptions_are_one_line_each(tmp_path, old, new, expected):
    assert old in NOTED
    write_course(tmp_path, NOTED.replace(old, new, 1))
    problems = problems_of(tmp_path)
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_misconception_id_is_unique_within_its_question(tmp_path):
    twice = NOTED.replace("""    notes:
      - quote: A weighted""", """      - id: no-bias
        claim: Another claim.
        correction: Another correction.
    notes:
      - quote: A weighted""")
    write_course(tmp_path, twice)
    assert any("duplicate misconception id 'no-bias'" in p for p in problems_of(tmp_path))


# Each broken variant of GOOD_LECTURE and the one line it must produce (file name is 01-small.yaml).
BROKEN = [
    ("missing answer", ("    answer: A weighted sum plus a bias.\n", ""), "11: quiz[0].answer: required"),
    ("unknown key", ("title: A Small Lecture\n", "title: A Small Lecture\nauthor: me\n"), "3: author: unknown field"),
    ("duplicate key", ("title: A Small Lecture\n", "title: A Small Lecture\ntitle: Again\n"), "3: title: duplicate field"),
    ("wrong type", ("title: A Small Lecture\n", "title: [a, b]\n"), "2: title: expected text, got a sequence"),
    ("empty text", ("    answer: A weighted sum plus a bias.\n", '    answer: ""\n'), "12: quiz[0].answer: must not be empty"),
    ("bad id", ("id: lecture-1\n", "id: lecture-x\n"), "1: id: a lecture id looks like lecture-3"),
    ("id/file mismatch", ("id: lecture-1\n", "id: lecture-2\n"), "1: id: does not match the file name's number 01"),
    ("syntax error", ("title: A Small Lecture\n", "title: [unclosed\n"), ": YAML syntax error"),
    ("python tag", ("title: A Small Lecture\n", "title: !!python/object/apply:os.system [echo hi]\n"),
     "2: the tag !!python/object/apply:os.system is not allowed"),
    ("unknown demo", ("    demo: neuron\n", "    demo: teleport\n"), "28: visual_aids[0].demo: unknown demo 'teleport'"),
    ("key points not a list", ("      - bias\n", "      - {a: b}\n"), "15: quiz[0].key_points[1]: expected text, got a mapping"),
    ("empty key points", ("    key_points: [[weights, synapses]]\n", "    key_points: []\n"),
     "18: essay_prompts[0].key_points: list at least one key point"),
    ("dangling see_also", ("    see_also: [bias]\n", "    see_also: [biass]\n"), "23: glossary: see_also 'biass' is not a term id"),
    ("duplicate term", ("  - term: Bias\n", "  - term: Neuron\n"), "24: glossary: duplicate term 'Neuron'"),
    ("unknown kind", ("    definition: An offset.\n", "    definition: An offset.\n    kind: gizmo\n"),
     "26: glossary[1].kind: unknown kind 'gizmo' (known: activation, architecture"),
    ("alias clash", ("    aliases: [node]\n", "    aliases: [bias]\n"), "24: glossary: 'bias' names both 'Neuron (unit)' and 'Bias'"),
    ("control character", ("title: A Small Lecture\n", 'title: "A \\e[31mred\\e[0m lecture"\n'),
     "2: title: control character \\x1b is not allowed"),
    ("alias bomb", ("title: A Small Lecture\n", "title: &t A Small Lecture\n"), None),
    ("not a mapping", (GOOD_LECTURE, "- just\n- a list\n"), "1: expected a mapping of fields"),
    ("empty file", (GOOD_LECTURE, ""), "1: the file is empty"),
]


@pytest.mark.parametrize("name,edit,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_file_gives_one_exact_line(tmp_path, name, edit, expected):
    old, new = edit
    assert old in GOOD_LECTURE
    path = write_course(tmp_path, GOOD_LECTURE.replace(old, new, 1))
    problems = problems_of(tmp_path)
    if expected is None:  # an anchor that is never used as an alias is harmless
        assert problems == []
        return
    assert problems, name
    first = problems[0]
    assert first.startswith(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:")
    assert expected in first, first
    assert "\n" not in first and "\x1b" not in first


def test_every_term_of_the_course_has_a_kind_and_a_term_of_none_is_a_warning(tmp_path):
    from dltutor.course.load import content_warnings, course_files, read_file
    from dltutor.course.model import GLOSSARY_KINDS

    shipped = load_course(use_cache=False)
    assert all(t.kind in GLOSSARY_KINDS for t in shipped.glossary), [t.id for t in shipped.glossary if not t.kind]
    # Each kind but the two resources offers a multiple-choice question three others of its own kind.
    sizes = {k: sum(t.kind == k for t in shipped.glossary) for k in GLOSSARY_KINDS}
    assert all(n >= 4 for k, n in sizes.items() if k != "resource"), sizes
    write_course(tmp_path, GOOD_LECTURE.replace("    definition: An offset.\n", "    definition: An offset.\n    kind: quantity\n"))
    files: dict = {}
    for f in course_files(tmp_path):
        data, _ = read_file(f)
        files.setdefault(f.kind, []).append(data)
    warned = content_warnings(files)
    assert len(warned) == 1 and "glossary[0]: warning: no kind" in warned[0], warned  # Neuron has none; Bias has


def test_yaml_aliases_are_refused_so_no_billion_laughs(tmp_path):
    bomb = GOOD_LECTURE.replace("visual_aids:\n", "extra: &a [x, x]\nvisual_aids:\n").replace(
        "extra: &a [x, x]", "extra: &a [x, x]\nmore: [*a, *a]"
    )
    write_course(tmp_path, bomb)
    problems = problems_of(tmp_path)
    assert any("aliases (*name) are not allowed" in p for p in problems), problems


def test_a_python_tag_never_runs(tmp_path):
    marker = tmp_path / "ran"
    evil = GOOD_LECTURE.replace(
        "title: A Small Lecture\n", f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    write_course(tmp_path, evil)
    with pytest.raises(ContentError) as info:
        load_course(tmp_path, use_cache=False)
    assert "is not allowed" in str(info.value)
    assert not marker.exists()


def test_non_utf8_file_names_the_line(tmp_path):
    path = write_course(tmp_path)
    path.write_bytes(GOOD_LECTURE.encode().replace(b"A Small Lecture", b"A Sm\xe9ll Lecture"))
    (problem,) = problems_of(tmp_path)
    assert problem.endswith(":2: not valid UTF-8 (byte 25)")


def test_duplicate_lecture_ids_across_files(tmp_path):
    write_course(tmp_path, name="01-small.yaml")
    write_course(tmp_path, name="01-other.yaml")
    problems = problems_of(tmp_path)
    assert any("duplicate id 'lecture-1'" in p for p in problems), problems


def test_topic_page_references_are_checked(tmp_path):
    write_course(tmp_path)
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "01-neurons.yaml").write_text(
        "id: neurons\ntitle: Neurons\nsections:\n  - title: One\n    see: [lecture-1#nope, lecture-4]\n    terms: [bias, nope]\n"
    )
    problems = problems_of(tmp_path)
    assert any(":5: sections[0].see[0]: lecture-1 has no topic 'nope'" in p for p in problems), problems
    assert any(":5: sections[0].see[1]: no lecture 'lecture-4'" in p for p in problems), problems
    assert any(":6: sections[0].terms: 'nope' is not a term id" in p for p in problems), problems


def test_the_cache_is_used_and_invalidated_when_a_file_changes(tmp_path, monkeypatch):
    path = write_course(tmp_path)
    first = load_course(tmp_path)
    assert first.lectures[0].title == "A Small Lecture"
    # A cached load must not parse YAML at all.
    import dltutor.course.load as load_mod

    with monkeypatch.context() as patched:
        patched.setattr(load_mod, "_compose", lambda *a: pytest.fail("cache missed"))
        assert load_course(tmp_path).lectures[0].title == "A Small Lecture"
    time.sleep(0.01)
    path.write_text(GOOD_LECTURE.replace("A Small Lecture", "An Edited Lecture"), encoding="utf-8")
    assert load_course(tmp_path).lectures[0].title == "An Edited Lecture"


def test_a_damaged_cache_is_ignored(tmp_path):
    write_course(tmp_path)
    load_course(tmp_path)
    cache_files = list((Path(os.environ["DLTUTOR_HOME"]) / "cache").glob("content-*.marshal"))
    assert cache_files
    cache_files[0].write_bytes(b"\x00garbage")
    assert load_course(tmp_path).lectures[0].id == "lecture-1"


def test_shipped_content_loads_within_40_ms():
    """Cold (YAML parsed and validated) and warm (cache) loads of the whole course."""
    sources = course_files(content_dir())
    cold = []
    for _ in range(5):
        start = time.perf_counter()
        load_course(use_cache=False)
        cold.append(time.perf_counter() - start)
    load_course()
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        load_course()
        warm.append(time.perf_counter() - start)
    assert len(sources) >= 19
    # The goal is 40 ms for the path commands take (the cache); parsing from scratch must stay
    # near it too. Medians, with room for a loaded CI machine.
    assert sorted(warm)[2] < 0.040, warm
    assert sorted(cold)[2] < 0.120, cold


def test_a_misconception_needs_phrasings_and_is_never_a_key_point(tmp_path):
    write_course(tmp_path, NOTED.replace("        phrasings: [just a product of the inputs]", "        phrasings: []"))
    assert any("phrasings: list at least one other way learners say it" in p for p in problems_of(tmp_path))
    write_course(tmp_path, NOTED.replace("        phrasings: [just a product of the inputs]",
                                         "        phrasings: [Sum of weighted inputs]"))
    (problem,) = problems_of(tmp_path)
    assert "quiz[0].misconceptions[0]: 'Sum of weighted inputs' is also a phrasing of a key point" in problem


def test_every_shipped_guidebook_question_must_have_misconceptions(monkeypatch, tmp_path):
    import shutil

    from dltutor.course import validate as v

    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    assert v.validate_paths([]).problems == []
    lecture = next((copy / "lectures").glob("03-*.yaml"))
    text = lecture.read_text(encoding="utf-8")
    start = text.index("    misconceptions:", text.index("quiz:"))
    end = text.index("  - question:", start)
    lecture.write_text(text[:start] + text[end:], encoding="utf-8")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: copy)
    problems = v.validate_paths([]).problems
    assert len(problems) == 1 and "quiz[0].misconceptions: every guidebook question needs" in problems[0]
