"""The lecture table and glossary entries, drawn by the fast renderer (no rich import)."""

from __future__ import annotations

import re
from typing import Sequence

from dltutor.course.model import Course, GlossaryTerm, TutorNote
from dltutor.course.notes import LABEL, note_head, note_source
from dltutor.render.fast import Styled, table, width, wrap
from dltutor.textsafe import clean_line

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def lectures_table(course: Course, styled: Styled) -> str:
    rows = [
        (lec.id, lec.title, str(len(lec.quiz)), str(len(lec.glossary)), str(len(lec.essay_prompts)))
        for lec in course.lectures
    ]
    return table(("id", "title", "questions", "terms", "prompts"), rows, right=(2, 3, 4),
                 title="Deep Learning Course", styled=styled)


def _definition_lines(text: str, styled: Styled, columns: int, indent: str = "") -> list[str]:
    from dltutor.course.mathtext import render_math

    plain = _BOLD.sub(lambda m: m.group(1), render_math(text))
    lines = wrap(plain, columns, indent)
    if styled.color:  # bold the **words** the guidebook bolds, where they stand, once each
        for word in dict.fromkeys(m.group(1) for m in _BOLD.finditer(text)):
            at = next((i for i, line in enumerate(lines) if word in line), None)
            if at is not None:
                lines[at] = lines[at].replace(word, styled.style(word, "bold"), 1)
    return lines


def _note_lines(note: TutorNote, styled: Styled, columns: int) -> list[str]:
    """A tutor's note under a definition: indented, its label in bold, so it never reads as the guidebook's."""
    from dltutor.course.mathtext import render_math

    lines = wrap(render_math(note_head(note)), columns, indent="  ")
    lines[0] = lines[0].replace(LABEL, styled.style(LABEL, "bold"), 1)
    return lines + [styled.style(line, "dim") for line in wrap(render_math(note_source(note)), columns, indent="  ")]


def term_view(course: Course, term: GlossaryTerm, styled: Styled) -> str:
    columns = width()
    out = [styled.style(clean_line(term.term), "heading")]
    if term.aliases:
        out += [styled.style(line, "dim") for line in wrap("also: " + ", ".join(term.aliases), columns)]
    out.append("")
    several = len(term.definitions) > 1
    for d in term.definitions:
        lecture = course.lecture(d.lecture)
        label = f"Lecture {lecture.number}: {lecture.title}" if lecture else d.lecture
        if several:
            out.append(styled.style(clean_line(label), "cyan"))
        out += _definition_lines(d.text, styled, columns)
        for note in d.notes:
            out += _note_lines(note, styled, columns)
        out.append("")
    if not several:
        out.append(styled.style(clean_line(f"From {label}"), "cyan"))
    if term.see_also:
        names = ", ".join(course.term(t).term if course.term(t) else t for t in term.see_also)
        out += [styled.style(line, "dim") for line in wrap(f"See also: {names}", columns)]
    from dltutor.demos.registry import term_demos

    demos = term_demos(term.id)
    if demos:
        out += [styled.style(line, "dim") for line in wrap("Watch it: " + ", ".join(f"dltutor demo {d}" for d in demos), columns)]
    return "\n".join(out).rstrip("\n") + "\n"


def term_list(course: Course, terms: Sequence[GlossaryTerm], styled: Styled, *, with_definitions: bool) -> str:
    columns = width()
    name_width = min(max(len(t.term) for t in terms), 40)
    out = []
    for term in terms:
        name = clean_line(term.term)
        if with_definitions:
            out.append(styled.style(name, "bold"))
            out += _definition_lines(term.definition, styled, columns, indent="    ")
        else:
            lectures = ", ".join(term.lectures)
            out.append(styled.style(name.ljust(name_width), "bold") + "  " + styled.style(lectures, "dim"))
    return "\n".join(out) + "\n"
