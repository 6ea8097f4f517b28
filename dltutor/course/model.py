"""The course model: frozen dataclasses, built only by the loader, read by everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def slugify(text: str) -> str:
    """An id in the course's style: lower case, parentheses dropped, words joined by '-'."""
    text = re.sub(r"\([^)]*\)", "", text).lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A concept a good answer mentions, with the other ways a learner may say it.

    `text` is what the learner is shown; the grader looks for the synonyms (for the text itself
    when there are none), so the text may be a full sentence while the synonyms stay short.
    """

    text: str
    synonyms: tuple[str, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.text, *self.synonyms)

    @property
    def matched_by(self) -> tuple[str, ...]:
        return self.synonyms or (self.text,)


@dataclass(frozen=True, slots=True)
class TutorNote:
    """Where the guidebook is wrong or dangerously simplified: what is true, and where to read it.

    The guidebook's words stay as they are; `quote` names the words the note corrects
    ("" when it is about the whole item).
    """

    text: str
    source: str
    quote: str = ""


@dataclass(frozen=True, slots=True)
class Misconception:
    """A common wrong answer to a question, the other ways learners state it, and its one-sentence correction."""

    id: str
    claim: str
    correction: str
    phrasings: tuple[str, ...] = ()

    @property
    def statements(self) -> tuple[str, ...]:
        return (self.claim, *self.phrasings)


@dataclass(frozen=True, slots=True)
class Video:
    """The lecture's video link. `guidebook_url` keeps the guidebook's own link where `url`
    replaces it with one verified to be right ("" when the guidebook's link is kept)."""

    label: str
    title: str
    url: str
    notes: tuple[TutorNote, ...] = ()
    guidebook_url: str = ""

    @property
    def original_url(self) -> str:
        """The link as the guidebook gives it."""
        return self.guidebook_url or self.url


@dataclass(frozen=True, slots=True)
class Topic:
    """One entry of a lecture's "Overview & Key Topics": a title and its Markdown text."""

    title: str
    text: str
    notes: tuple[TutorNote, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.title)


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    number: int
    question: str
    answer: str  # the guidebook's answer highlight
    key_points: tuple[KeyPoint, ...]
    misconceptions: tuple[Misconception, ...] = ()
    notes: tuple[TutorNote, ...] = ()  # on the question or its highlight


@dataclass(frozen=True, slots=True)
class EssayPrompt:
    number: int
    prompt: str
    key_points: tuple[KeyPoint, ...]
    misconceptions: tuple[Misconception, ...] = ()
    notes: tuple[TutorNote, ...] = ()


# What sort of thing a glossary term names (its `kind:` in the YAML). A multiple-choice question
# offers other terms of the same kind first, so no option can be ruled out for being the wrong sort.
GLOSSARY_KINDS: dict[str, str] = {
    "activation": "an activation or output function",
    "architecture": "a network, model or building block",
    "attention": "a part of the attention mechanism",
    "algorithm": "a procedure for training, optimising or decoding",
    "regularisation": "a way to generalise better",
    "convolution": "a part of a convolutional layer",
    "concept": "a property, phenomenon or result",
    "quantity": "a quantity or element of a network and its training",
    "resource": "a dataset or tool",
}


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A term as one lecture defines it."""

    id: str
    term: str
    definition: str
    lecture: str
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    notes: tuple[TutorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class VisualAid:
    text: str
    demo: str | None = None


@dataclass(frozen=True, slots=True)
class Lecture:
    id: str
    number: int
    slug: str
    title: str
    video: Video
    topics: tuple[Topic, ...]
    quiz: tuple[QuizQuestion, ...]
    essay_prompts: tuple[EssayPrompt, ...]
    glossary: tuple[GlossaryEntry, ...]
    visual_aids: tuple[VisualAid, ...]
    # The guidebook author's notes to self at the end of Visual Aids ("(Insert 3Blue1Brown video
    # link above.)"): kept word for word, never shown as aids.
    authoring_notes: tuple[str, ...] = ()

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)

    @property
    def demos(self) -> tuple[str, ...]:
        """The demos that show this lecture's visual aids, in order, each once."""
        return tuple(dict.fromkeys(a.demo for a in self.visual_aids if a.demo))


@dataclass(frozen=True, slots=True)
class TopicRef:
    """A pointer into a lecture, `lecture-2#types-of-neurons`, or to the whole lecture."""

    lecture: str
    topic: str | None = None

    def __str__(self) -> str:
        return self.lecture if self.topic is None else f"{self.lecture}#{self.topic}"


@dataclass(frozen=True, slots=True)
class TopicSection:
    title: str
    see: tuple[TopicRef, ...] = ()
    terms: tuple[str, ...] = ()
    notes: tuple[TutorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicPage:
    """A foundational concept of the table of contents, pointing into the lectures that hold it."""

    id: str
    number: int
    title: str
    see: tuple[TopicRef, ...]
    sections: tuple[TopicSection, ...]
    summary: str = ""
    notes: tuple[TutorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """A free-standing part of the guidebook: about, additional resources, final thoughts."""

    id: str
    title: str
    text: str
    number: int = 0
    notes: tuple[TutorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Definition:
    lecture: str
    text: str
    notes: tuple[TutorNote, ...] = ()


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A term of the whole course: every lecture's definition of it, merged."""

    id: str
    term: str
    definitions: tuple[Definition, ...]
    aliases: tuple[str, ...]
    see_also: tuple[str, ...]
    kind: str = ""  # one of GLOSSARY_KINDS: what sort of thing it is, so a quiz's distractors are plausible

    @property
    def definition(self) -> str:
        return self.definitions[0].text

    @property
    def lectures(self) -> tuple[str, ...]:
        return tuple(d.lecture for d in self.definitions)


@dataclass(frozen=True)
class Course:
    lectures: tuple[Lecture, ...]
    topics: tuple[TopicPage, ...]
    pages: tuple[Page, ...]
    glossary: tuple[GlossaryTerm, ...]
    _terms: dict[str, GlossaryTerm] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._terms.update((t.id, t) for t in self.glossary)

    def lecture(self, lecture_id: str) -> Lecture | None:
        return next((lec for lec in self.lectures if lec.id == lecture_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return self._terms.get(term_id)

    def same_video(self, lecture: Lecture) -> tuple[Lecture, ...]:
        """The other lectures the guidebook gives the same video link as `lecture`."""
        url = lecture.video.original_url
        return tuple(lec for lec in self.lectures if lec.id != lecture.id and lec.video.original_url == url)
