"""The reader: a lecture (or a foundational topic, or a page) as Markdown with Unicode math, beside its contents.

The text is the one `dltutor read` prints: `lecture_markdown` / `topic_markdown` / `page_markdown`,
drawn by the same renderer (`render.course.markdown`: `for_terminal` math, `clean_text`), one
block per heading and per key topic so the contents can scroll to each. The list on the left
holds the table of contents and the links out of the lecture: its glossary terms, its demos, its
quiz and the foundational topics that quote it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from dltutor.course.markdown import closing_page, next_lecture
from dltutor.course.model import Course, Lecture, Page, TopicPage, slugify
from dltutor.demos.registry import lecture_demos  # a plain table: no torch
from dltutor.tui.widgets.reader_text import ReaderBlock

@dataclass(frozen=True)
class Entry:
    """One line of the table of contents: where it sits in the text and the slug `section` may name."""

    label: str
    line: int
    slug: str
    depth: int


def reading_text(item: Lecture | TopicPage | Page, course: Course, *, answers: bool = False) -> str:
    """The Markdown source the reader shows: `dltutor read`'s (LaTeX kept; the blocks render it)."""
    from dltutor.course import markdown as md

    if isinstance(item, Lecture):
        return md.lecture_markdown(item, course, answers=answers, keys=True)  # the app names its keys
    if isinstance(item, TopicPage):
        return md.topic_markdown(item, course)
    return md.page_markdown(item)


def contents(item: Lecture | TopicPage | Page, text: str) -> list[Entry]:
    """Headings, and a lecture's key topics under its overview, with their line numbers in `text`."""
    from dltutor.course.markdown import QUIZ_HEADING
    from dltutor.course.mathtext import render_math
    from dltutor.textsafe import clean_line

    entries: list[Entry] = []
    topics = iter(item.topics) if isinstance(item, Lecture) else iter(())
    in_overview = False
    for number, line in enumerate(text.split("\n")):
        if line.startswith("#"):
            hashes, _, title = line.partition(" ")
            depth = len(hashes) - 1
            label = "Quiz questions" if title == QUIZ_HEADING else clean_line(render_math(title))
            entries.append(Entry(label, number, slugify(title), depth))
            in_overview = depth == 1 and title.startswith("Overview")
        elif in_overview and line.startswith("- **"):
            topic = next(topics, None)
            if topic is not None:
                entries.append(Entry(clean_line(render_math(topic.title)), number, topic.slug, 2))
    return entries


def blocks(text: str, entries: list[Entry]) -> list[ReaderBlock]:
    """The text cut at each entry, so that each heading and each key topic is a block to scroll to."""
    lines = text.split("\n")
    starts = sorted({0, *(e.line for e in entries)})
    return [ReaderBlock("\n".join(lines[start:end]), start, heading=lines[start].startswith("#") and start > 0)
            for start, end in zip(starts, [*starts[1:], len(lines)])]


def _heading(text: str) -> Option:
    return Option(Text(text, style="bold"), disabled=True)


def _link(label: str, option_id: str, depth: int = 1) -> Option:
    # Padding, not leading spaces, so a wrapped label keeps its indent.
    return Option(Padding(Text(label), (0, 0, 0, 2 * depth)), id=option_id)


class ReaderScreen(Screen):
    """A lecture to read, with its contents and links; `section` (a topic or heading slug) is scrolled to."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("q", "quiz", "Quiz"),
        Binding("P", "practice", "Practice", key_display="P"),
        Binding("g", "terms", "Terms"),
        Binding("d", "demos", "Demos"),
        Binding("a", "answers", "Answers"),
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous", show=False),
    ]

    def __init__(self, lecture_id: str, section: str | None = None) -> None:
        super().__init__()
        self.lecture_id = lecture_id
        self.section = section
        self.item: Lecture | TopicPage | Page | None = None
        self.error = ""
        self.answers = False
        self.entries: list[Entry] = []
        self._recorded = ""  # the item whose reading is in the progress record

    # --- building ---
    def compose(self) -> ComposeResult:
        from dltutor.course.lookup import find_readable
        from dltutor.errors import DltutorError

        yield Header()
        try:
            self.item = find_readable(self.app.services.course, self.lecture_id)
        except DltutorError as error:
            self.error = str(error)
        if self.item is None:
            yield Static(Text(f"Cannot open it: {self.error}."), id="reader-error", classes="title")
            yield Static("Esc goes back; Ctrl+P lists every lecture.", classes="hint")
        else:
            with Horizontal(id="reader-body"):
                yield OptionList(id="reader-contents")
                yield VerticalScroll(id="reader-page")
        yield Footer()

    async def on_mount(self) -> None:
        if self.item is not None:
            await self.show(self.item, self.section)
            self.query_one("#reader-page").focus()

    async def show(self, item: Lecture | TopicPage | Page, section: str | None = None) -> None:
        """Put `item` on screen: its text, its contents and links; then go to `section` (or the top)."""
        course = self.app.services.course
        self.item = item
        text = reading_text(item, course, answers=self.answers)
        self.entries = contents(item, text)
        self.sub_title = self.entries[0].label if self.entries else item.title
        page = self.query_one("#reader-page", VerticalScroll)
        with self.app.batch_update():
            await page.remove_children()
            await page.mount_all(blocks(text, self.entries))
        sidebar = self.query_one("#reader-contents", OptionList)
        sidebar.set_options(self._options(item, course))
        sidebar.highlighted = None
        self.refresh_bindings()
        if item.id != self._recorded:  # not again for the answers shown or hidden in place
            self.app.services.record("read", item.id)
            self._recorded = item.id
        if section:
            entry = next((e for e in self.entries if e.slug == section), None)
            if entry is None:
                self.notify(f"No section {section!r} here; showing the top.", severity="warning")
            else:
                self.call_after_refresh(self.go_to, entry.line)
                return
        self.query_one("#reader-page", VerticalScroll).scroll_home(animate=False)

    def _options(self, item: Lecture | TopicPage | Page, course: Course) -> list[Option]:
        options = [_heading("Contents")]
        options += [_link(e.label, f"line:{e.line}", e.depth) for e in self.entries if e.depth > 0]
        if isinstance(item, Lecture):
            if item.glossary:
                options += [_heading("Glossary terms  (g)")]
                options += [_link(g.term, f"term:{g.id}") for g in item.glossary]
            demos = lecture_demos(item)
            if demos:
                options += [_heading("Demos  (d)")]
                options += [_link(f"▶ {name}", f"demo:{name}") for name in demos]
            options += [_heading("Quiz  (q)"), _link(f"{len(item.quiz)} questions on this lecture", "quiz")]
            from dltutor.study.practice.kinds import kinds_of

            kinds = kinds_of(item.id)
            if kinds:
                options += [_heading("Practice  (P)"),
                            _link(f"{len(kinds)} kind{'s' * (len(kinds) != 1)} of problem with fresh numbers: "
                                  + ", ".join(k.NAME for k in kinds), "practice")]
            nxt, page = next_lecture(course, item), closing_page(course)
            if nxt is not None:
                options += [_heading("Next lecture  (n)"), _link(f"Lecture {nxt.number}: {nxt.title}", f"read:{nxt.id}")]
            elif page is not None:
                options += [_heading("Next"), _link(page.title, f"read:{page.id}")]
            quoted = [t for t in course.topics if any(r.lecture == item.id for r in _refs(t))]
            if quoted:
                options += [_heading("Foundations")]
                options += [_link(t.title, f"read:{t.id}") for t in quoted]
        elif isinstance(item, TopicPage):
            refs = list(dict.fromkeys(str(r) for r in _refs(item)))
            if refs:
                options += [_heading("In the lectures")]
                for ref in refs:
                    lecture_id, _, topic = ref.partition("#")
                    lecture = course.lecture(lecture_id)
                    found = lecture.topic(topic) if lecture and topic else None
                    label = f"Lecture {lecture.number}" if lecture else lecture_id
                    options.append(_link(f"{label}: {found.title if found else lecture.title}", f"read:{ref}"))
            terms = list(dict.fromkeys(t for s in item.sections for t in s.terms))
            if terms:
                options += [_heading("Glossary terms  (g)")]
                options += [_link(course.term(t).term, f"term:{t}") for t in terms if course.term(t)]
        else:
            others = [p for p in course.pages if p.id != item.id]
            options += [_heading("More pages"), *(_link(p.title, f"read:{p.id}") for p in others)]
            options += [_heading("Foundational concepts"), *(_link(t.title, f"read:{t.id}") for t in course.topics)]
        return options

    # --- moving around the text ---
    def go_to(self, line: int) -> None:
        """Scroll the text so the block starting at `line` of the source is at the top."""
        for block in self.query(ReaderBlock):
            if block.line == line:
                self.query_one("#reader-page", VerticalScroll).scroll_to_widget(block, top=True, animate=False)
                return

    @on(OptionList.OptionHighlighted, "#reader-contents")
    def preview(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("line:") and event.option_list.has_focus:
            self.go_to(int(option_id[5:]))

    @on(OptionList.OptionSelected, "#reader-contents")
    def follow(self, event: OptionList.OptionSelected) -> None:
        kind, _, target = (event.option.id or "").partition(":")
        if kind == "line":
            self.go_to(int(target))
            self.query_one("#reader-page").focus()
        elif kind == "term":
            self.app.action_glossary(target)
        elif kind == "demo":
            self.app.action_demos(target)
        elif kind == "quiz":
            self.action_quiz()
        elif kind == "practice":
            self.action_practice()
        elif kind == "read":
            lecture_id, _, section = target.partition("#")
            self.app.action_read(lecture_id, section)

    # --- keys ---
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # True: shown; None: greyed out (a lecture without demos); False: hidden (not a lecture).
        item = self.item
        if action not in ("quiz", "practice", "terms", "demos", "answers", "step"):
            return True
        if item is None:
            return False
        lecture = isinstance(item, Lecture)
        if action in ("quiz", "answers"):
            return lecture
        if action == "practice":
            return self._first("practice") is not None if lecture else False
        if action == "demos":
            return (True if lecture_demos(item) else None) if lecture else False
        if action == "terms":
            return self._first("term:") is not None
        return True

    def _first(self, prefix: str) -> int | None:
        if self.item is None:
            return None
        sidebar = self.query_one("#reader-contents", OptionList)
        return next((i for i, o in enumerate(sidebar.options) if (o.id or "").startswith(prefix)), None)

    def _jump(self, prefix: str) -> None:
        index = self._first(prefix)
        if index is not None:
            sidebar = self.query_one("#reader-contents", OptionList)
            sidebar.focus()
            sidebar.highlighted = index

    def action_quiz(self) -> None:
        if isinstance(self.item, Lecture):
            self.app.action_quiz(self.item.id)

    def action_practice(self) -> None:
        if isinstance(self.item, Lecture):
            self.app.action_practice(self.item.id)

    def action_terms(self) -> None:
        self._jump("term:")

    def action_demos(self) -> None:
        self._jump("demo:")

    async def action_answers(self) -> None:
        if isinstance(self.item, Lecture):
            self.answers = not self.answers
            page = self.query_one("#reader-page", VerticalScroll)
            y = page.scroll_y
            await self.show(self.item)
            self.call_after_refresh(page.scroll_to, y=y, animate=False)

    async def action_step(self, by: int) -> None:
        """The next or previous lecture (topic, page) in place, so Esc still goes back to where you came from."""
        course = self.app.services.course
        item = self.item
        series = course.lectures if isinstance(item, Lecture) else course.topics if isinstance(item, TopicPage) \
            else course.pages
        at = next((i for i, x in enumerate(series) if x.id == item.id), 0) + by
        if not 0 <= at < len(series):
            self.notify("That was the last one." if by > 0 else "This is the first one.")
            return
        await self.show(series[at])


def _refs(topic: TopicPage) -> list:
    return [*topic.see, *(r for s in topic.sections for r in s.see)]
