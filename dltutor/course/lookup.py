"""Finding things in the course by the names a learner types: lectures, pages, glossary terms."""

from __future__ import annotations

import re

from dltutor.course.model import Course, GlossaryTerm, Lecture, Page, TopicPage, slugify
from dltutor.errors import NotFoundError

Readable = Lecture | TopicPage | Page


def _norm(text: str) -> str:
    """Case, spacing and dashes do not matter: "Leaky-ReLU" and "leaky relu" are one name."""
    return " ".join(re.sub(r"[-_\s]+", " ", text).casefold().split())


def _closest(asked: str, choices: dict[str, str], limit: int = 3) -> list[str]:
    """Up to `limit` shown names whose keys are most like `asked` (rapidfuzz, imported only here)."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        _norm(asked), list(choices), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 3
    )
    out: list[str] = []
    for key, score, _ in found:
        shown = choices[key]
        if score >= 60 and shown not in out:
            out.append(shown)
    return out[:limit]


def _lecture_names(lecture: Lecture) -> set[str]:
    return {
        lecture.id,
        str(lecture.number),
        f"lecture {lecture.number}",
        f"lecture{lecture.number}",
        lecture.slug,
        _norm(lecture.slug),
        _norm(lecture.title),
    }


def find_lecture(course: Course, name: str) -> Lecture:
    """A lecture by `lecture-3`, `3`, its slug or its title (case and dashes ignored)."""
    key = _norm(name)
    for lecture in course.lectures:
        if key in _lecture_names(lecture):
            return lecture
    choices = {_norm(f"{lec.id} {lec.title}"): lec.id for lec in course.lectures}
    raise NotFoundError("lecture", name, _closest(name, choices))


def find_readable(course: Course, name: str) -> Readable:
    """A lecture, a topic page (`perceptrons`) or a page (`about`) by name."""
    key = _norm(name)
    for lecture in course.lectures:
        if key in _lecture_names(lecture):
            return lecture
    for item in (*course.topics, *course.pages):
        if key in (_norm(item.id), _norm(item.title)):
            return item
    choices = {_norm(f"{lec.id} {lec.title}"): lec.id for lec in course.lectures}
    choices.update((_norm(f"{i.id} {i.title}"), i.id) for i in (*course.topics, *course.pages))
    raise NotFoundError("lecture or page", name, _closest(name, choices))


def term_names(term: GlossaryTerm) -> list[str]:
    """Every name a term answers to, its own first."""
    bare = re.sub(r"\s*\([^)]*\)", "", term.term).strip()
    return [term.term, term.id, bare, *term.aliases]


def find_term(course: Course, query: str) -> GlossaryTerm:
    """A term by its name, id or an alias, ignoring case, spaces and dashes; else NotFoundError."""
    key = _norm(query)
    slug = slugify(query)
    for term in course.glossary:
        names = term_names(term)
        if key in {_norm(n) for n in names} or (slug and slug in {slugify(n) for n in names}):
            return term
    choices: dict[str, str] = {}
    for term in course.glossary:
        for n in term_names(term):
            choices.setdefault(_norm(n), term.term)
    raise NotFoundError("glossary term", query, _closest(query, choices))


def search_glossary(course: Course, words: str) -> list[GlossaryTerm]:
    """Terms whose name, aliases or definitions mention every word; name hits rank first."""
    needles = _norm(words).split()
    if not needles:
        return []
    ranked = []
    for term in course.glossary:
        names = _norm(" ".join(term_names(term)))
        text = _norm(" ".join(d.text for d in term.definitions))
        if all(w in names or w in text for w in needles):
            in_name = sum(w in names for w in needles)
            ranked.append((-in_name, term.term.casefold(), term))
    return [t for *_, t in sorted(ranked, key=lambda r: r[:2])]
