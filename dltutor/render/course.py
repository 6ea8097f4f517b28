"""Course objects drawn with rich: lecture text, the lecture table, glossary entries."""

from __future__ import annotations

import re

from rich.console import Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from dltutor.course.markdown import for_terminal
from dltutor.course.model import Course, GlossaryTerm
from dltutor.textsafe import clean_line, clean_text

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def markdown(source: str) -> Markdown:
    """Course Markdown (with LaTeX) as a rich renderable; control characters never pass."""
    return Markdown(clean_text(for_terminal(source)), hyperlinks=True)


def inline(source: str, style: str = "") -> Text:
    """One short piece of course text (a definition) with math and **bold**, without Markdown."""
    from dltutor.course.mathtext import render_math

    text = Text(style=style)
    plain = clean_text(render_math(source))
    pos = 0
    for m in _BOLD.finditer(plain):
        text.append(plain[pos : m.start()])
        text.append(m.group(1), style="bold")
        pos = m.end()
    text.append(plain[pos:])
    return text


def lectures_table(course: Course) -> Table:
    table = Table(title="Deep Learning Course", title_style="bold", header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("questions", justify="right")
    table.add_column("terms", justify="right")
    table.add_column("prompts", justify="right")
    for lec in course.lectures:
        table.add_row(
            lec.id, clean_line(lec.title), str(len(lec.quiz)), str(len(lec.glossary)), str(len(lec.essay_prompts))
        )
    return table


def term_view(course: Course, term: GlossaryTerm) -> Group:
    parts = [Text(clean_line(term.term), style="bold underline")]
    if term.aliases:
        parts.append(Text("also: " + clean_line(", ".join(term.aliases)), style="dim"))
    parts.append(Text())
    for d in term.definitions:
        lecture = course.lecture(d.lecture)
        label = f"Lecture {lecture.number}: {clean_line(lecture.title)}" if lecture else d.lecture
        if len(term.definitions) > 1:
            parts.append(Text(label, style="cyan"))
        parts.append(inline(d.text))
        if len(term.definitions) > 1:
            parts.append(Text())
    if len(term.definitions) == 1:
        parts += [Text(), Text("Lecture: " + label, style="cyan")]
    if term.see_also:
        names = [course.term(t).term if course.term(t) else t for t in term.see_also]
        parts.append(Text("See also: " + clean_line(", ".join(names)), style="dim"))
    return Group(*parts)


def term_list(course: Course, terms: list[GlossaryTerm] | tuple[GlossaryTerm, ...], *, show_definition: bool) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("term", no_wrap=True, style="bold")
    table.add_column("definition" if show_definition else "lectures")
    for term in terms:
        if show_definition:
            table.add_row(clean_line(term.term), inline(term.definition))
        else:
            table.add_row(clean_line(term.term), ", ".join(term.lectures))
    return table
