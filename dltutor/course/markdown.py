"""Course objects as Markdown documents, and Markdown made ready for a terminal.

`guidebook_markdown` gives a lecture back in the guidebook's own layout (the tests compare it
with the guidebook line by line, so nothing is dropped); `lecture_markdown`, `topic_markdown`
and `page_markdown` are the reading versions behind `dltutor read` and the app's reader.
`for_terminal` then turns their `$...$` LaTeX into Unicode and keeps the author's line breaks.
"""

from __future__ import annotations

import re

from dltutor.course.model import Course, KeyPoint, Lecture, Page, TopicPage
from dltutor.course.notes import notes_markdown, video_link_facts

QUIZ_HEADING = "Quiz (Short Answer) – Sample Questions"

_MATH = re.compile(r"(?<!\\)\$((?:[^$\\]|\\.)+?)\$", re.S)
# Characters that would turn rendered math into Markdown emphasis, links or HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_NBSP = "\u00a0"


def _topic_lines(title: str, text: str) -> list[str]:
    first, _, rest = text.partition("\n")
    if first.startswith(("- ", "1. ", "$")):  # the topic's text starts on its own line
        lines = [f"- **{title}:**"]
        rest = text
    else:
        lines = [f"- **{title}:** {first}"]
    lines += [f"  {line}" if line.strip() else "" for line in rest.split("\n")] if rest else []
    return lines


def guidebook_markdown(lecture: Lecture) -> str:
    """The lecture laid out as in the guidebook."""
    out = [
        f"## Lecture {lecture.number}: {lecture.title}",
        "",
        f"**{lecture.video.label}:**  ",
        f"[{lecture.video.title}]({lecture.video.original_url})",
        "",
        "### Overview & Key Topics",
    ]
    for topic in lecture.topics:
        out += _topic_lines(topic.title, topic.text)
    out += ["", f"### {QUIZ_HEADING}"]
    out += [f"{q.number}. {q.question}" for q in lecture.quiz]
    out += ["", "### Answer Highlights"]
    out += [f"- {q.answer}" for q in lecture.quiz]
    out += ["", "### Essay Prompts"]
    out += [f"- {e.prompt}" for e in lecture.essay_prompts]
    out += ["", "### Glossary"]
    out += [f"- **{g.term}:** {g.definition}" for g in lecture.glossary]
    out += ["", "### Visual Aids"]
    out += [f"- {a.text}" for a in lecture.visual_aids]
    out += [f"- {note}" for note in lecture.authoring_notes]  # in the guidebook, always last
    return "\n".join(out) + "\n"


def _points(points: tuple[KeyPoint, ...]) -> str:
    return "; ".join(p.text for p in points)


def lecture_markdown(lecture: Lecture, course: Course, *, answers: bool = False, keys: bool = False) -> str:
    """The reading version: answers under their questions only when asked for; it ends with what to do next.

    `keys`: the app's wording, which names its keys where `dltutor read` names commands.
    """
    video = lecture.video
    out = [
        f"# Lecture {lecture.number}: {lecture.title}",
        "",
        f"**{video.label}:** [{video.title}]({video.url}) <{video.url}>",
    ]
    facts = video_link_facts(course, lecture)
    if facts:
        out += ["", f"*{facts}*"]
    out += notes_markdown(video.notes)
    out += ["", "## Overview & Key Topics"]
    for topic in lecture.topics:
        out += _topic_lines(topic.title, topic.text)
        out += notes_markdown(topic.notes, "  ")
    out += ["", f"## {QUIZ_HEADING}"]
    for q in lecture.quiz:
        out.append(f"{q.number}. {q.question}")
        if answers:
            out += ["", f"   > **Answer:** {q.answer}", "   >", f"   > *Key points:* {_points(q.key_points)}"]
            # The notes on a question correct its highlight, so they show only beside it.
            out += notes_markdown(q.notes, "   ")
            out.append("")
    if not answers:
        out += ["", "*Answers are hidden: press `a` to show them.*" if keys
                else "*Answers are hidden: add `--answers` to show them.*"]
    out += ["", "## Essay Prompts"]
    for e in lecture.essay_prompts:
        out.append(f"- {e.prompt}")
        if answers:
            out.append(f"  *A good essay covers:* {_points(e.key_points)}")
        out += notes_markdown(e.notes, "  ")
    out += ["", "## Glossary"]
    for g in lecture.glossary:
        term = course.term(g.id)
        extra = []
        others = [lid for lid in term.lectures if lid != lecture.id] if term else []
        if g.aliases:
            extra.append("also: " + ", ".join(g.aliases))
        if g.see_also:
            extra.append("see also: " + ", ".join(_term_name(course, t) for t in g.see_also))
        if others:
            extra.append("also defined in: " + ", ".join(others))
        out.append(f"- **{g.term}:** {g.definition}" + (f" *({'; '.join(extra)})*" if extra else ""))
        out += notes_markdown(g.notes, "  ")
    out += ["", "## Visual Aids"]
    for a in lecture.visual_aids:
        out.append(f"- {a.text}" + (f" → `dltutor demo {a.demo}`" if a.demo else ""))
    from dltutor.demos.registry import find_demo, lecture_demos  # a plain table: no torch

    if lecture_demos(lecture):
        found = {d: find_demo(d) for d in lecture_demos(lecture)}
        out += ["", "## Demos", *(f"- `dltutor demo {d}`" + (f" — {info.summary}" if info else "")
                                  for d, info in found.items())]
    out += next_steps(lecture, course, keys=keys)
    return "\n".join(out) + "\n"


NEXT_HEADING = "What next"
LAST_PAGE = "final-thoughts"  # where the guidebook goes after its last lecture


def next_lecture(course: Course, lecture: Lecture) -> Lecture | None:
    return min((lec for lec in course.lectures if lec.number > lecture.number), key=lambda lec: lec.number,
               default=None)


def closing_page(course: Course) -> Page | None:
    return next((p for p in course.pages if p.id == LAST_PAGE), None)


def next_steps(lecture: Lecture, course: Course, *, keys: bool = False) -> list[str]:
    """The end of a lecture: its quiz, then the next lecture (or, after the last, the guidebook's closing page).

    The command leads each line, as in the list of demos, so a narrow terminal never breaks it.
    """
    out = ["", f"## {NEXT_HEADING}",
           "- Press `q` to quiz yourself on this lecture" if keys
           else f"- `dltutor quiz {lecture.id}` — quiz yourself on this lecture"]
    nxt = next_lecture(course, lecture)
    page = closing_page(course)
    if nxt is not None:
        out.append(f"- Press `n` for the next lecture, Lecture {nxt.number}: {nxt.title}" if keys
                   else f"- `dltutor read {nxt.number}` — the next lecture, Lecture {nxt.number}: {nxt.title}")
    elif page is not None:
        out.append(f"- That was the last lecture: the guidebook closes with {page.title}, in the list on the left"
                   if keys else f"- `dltutor read {page.id}` — that was the last lecture: the guidebook closes "
                                f"with {page.title}")
    return out


def _term_name(course: Course, term_id: str) -> str:
    term = course.term(term_id)
    return term.term if term else term_id


def topic_markdown(page: TopicPage, course: Course) -> str:
    """A foundational concept: its sections, each quoting the lecture topics that explain it."""
    lecture_ids = list(dict.fromkeys(r.lecture for r in page.see))
    out = [f"# {page.title}", ""]
    if page.summary:
        out += [page.summary, ""]
    if lecture_ids:
        names = ", ".join(f"Lecture {course.lecture(lid).number}: {course.lecture(lid).title}" for lid in lecture_ids)
        out += [f"*Foundational concept. Read more in {names}.*", ""]
    if page.notes:
        out += [*notes_markdown(page.notes)[1:], ""]
    for section in page.sections:
        out += [f"## {section.title}", ""]
        if section.notes:
            out += [*notes_markdown(section.notes)[1:], ""]
        for ref in section.see:
            lecture = course.lecture(ref.lecture)
            topic = lecture.topic(ref.topic) if ref.topic else None
            if topic is None:
                out += [f"See Lecture {lecture.number}: {lecture.title} (`dltutor read {lecture.id}`)", ""]
                continue
            out += [f"### {topic.title} — Lecture {lecture.number}", ""]
            out += [line for line in topic.text.split("\n")]
            out += notes_markdown(topic.notes)  # the lecture's notes travel with its words
            out += ["", f"*From `dltutor read {lecture.id}`*", ""]
        for term_id in section.terms:
            term = course.term(term_id)
            for d in term.definitions:
                out.append(f"- **{term.term}** ({d.lecture}): {d.text}")
                out += notes_markdown(d.notes, "  ")
        if section.terms:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def page_markdown(page: Page) -> str:
    return "\n".join([f"# {page.title}", "", page.text, *notes_markdown(page.notes)]) + "\n"


def _math_block(match: re.Match[str], indent: str) -> str:
    from dltutor.course.mathtext import latex_to_unicode

    lines = latex_to_unicode(match.group(1)).split("\n")
    lines = [_MD_SPECIAL.sub(r"\\\1", line) for line in lines]
    if len(lines) == 1:
        return lines[0]
    # Continuation lines keep their alignment: leading spaces would be eaten by Markdown.
    rest = [indent + _NBSP * (len(line) - len(line.lstrip(" "))) + line.lstrip(" ") for line in lines[1:]]
    return "  \n".join([lines[0], *rest])


def for_terminal(markdown: str) -> str:
    """Markdown with `$...$` as Unicode math and every author's line break kept as a hard break."""
    def replace(match: re.Match[str]) -> str:
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        source_line = markdown[line_start : match.start()]
        indent = source_line[: len(source_line) - len(source_line.lstrip())]
        if source_line.lstrip().startswith(("- ", "* ")):
            indent += "  "
        return _math_block(match, indent)

    text = _MATH.sub(replace, markdown)
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        # A soft break inside a paragraph or list item would join the guidebook's lines
        # ("formula" + "where ..."); the author meant a new line.
        if line.strip() and nxt.strip() and not line.lstrip().startswith("#") and not line.endswith("  "):
            line += "  "
        out.append(line)
    return "\n".join(out)
