"""Tutor's notes and the video-link facts, worded once for every front end.

A tutor's note says where the guidebook is wrong or dangerously simplified, what is true, and
where to read it; the guidebook's own words are never changed. `note_markdown` is what
`dltutor read`, its `--markdown` export and the app's reader show; `note_plain` is the same
sentence for the plain-text renderers (`dltutor glossary`, quiz feedback).
"""

from __future__ import annotations

import re

from dltutor.course.model import Course, Lecture, TutorNote

LABEL = "Tutor's note"


def _on(note: TutorNote) -> str:
    """The words the note corrects; a formula quoted without its dollars is shown as math."""
    quote = note.quote
    if quote and "$" not in quote and re.search(r"[\\^_]", quote):
        quote = f"${quote}$"
    return f" on \u201c{quote}\u201d" if quote else ""


def note_markdown(note: TutorNote) -> str:
    """One Markdown paragraph: the label in bold, the quoted words it corrects, the note, its source."""
    return f"**{LABEL}**{_on(note)}: {note.text} *Source: {note.source}*"


def note_head(note: TutorNote) -> str:
    """The note without its source, as plain text (LaTeX left for the renderer's `render_math`)."""
    return f"{LABEL}{_on(note)}: {note.text}"


def note_source(note: TutorNote) -> str:
    return f"Source: {note.source}"


def note_plain(note: TutorNote) -> str:
    """The whole note as one plain-text paragraph."""
    return f"{note_head(note)} {note_source(note)}"


def notes_markdown(notes: tuple[TutorNote, ...], indent: str = "") -> list[str]:
    """Each note as its own block quote, after a blank line, indented to sit under a list item."""
    out: list[str] = []
    for note in notes:
        out += ["", f"{indent}> {note_markdown(note)}"]
    return out


def _lecture_name(lecture: Lecture) -> str:
    return f"Lecture {lecture.number} (\u201c{lecture.video.title}\u201d)"


def video_link_facts(course: Course, lecture: Lecture) -> str:
    """What the reader says about a lecture's video link when the guidebook repeats it or the
    course replaces it ("" when neither): facts computed from the course, not written by hand."""
    video = lecture.video
    same = course.same_video(lecture)
    names = ", ".join(_lecture_name(lec) for lec in same)
    if video.guidebook_url:
        also = f", the link it also gives {names}" if same else ""
        return (f"The guidebook links this title to <{video.guidebook_url}>{also}; "
                "the link above is a verified replacement.")
    if same:
        return f"The guidebook gives this same link to {names}, under another title."
    return ""
