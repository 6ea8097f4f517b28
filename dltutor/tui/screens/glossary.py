"""The glossary: search as you type beside the definition, its see-also terms and its lectures.

The matching is `dltutor glossary`'s: a term answers to the names `term_names` gives it, words of
its definitions are found by `search_glossary`, and slips are forgiven by rapidfuzz as
`find_term` does. The names are prepared once per app (`GlossaryIndex.of`), so a key costs
a few hundred microseconds.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from rich.padding import Padding
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from dltutor.course.model import Course, GlossaryTerm

# A slip ("rleu", "backprpagation") still finds its term; below this, rapidfuzz's guesses are noise.
FUZZY_CUTOFF = 75
FUZZY_MIN_LENGTH = 4


@dataclass(frozen=True)
class Match:
    term: GlossaryTerm
    alias: str | None  # the name that matched when it is not the term's own, shown beside it


class GlossaryIndex:
    """Every term's names, normalised once; `search` ranks the terms for what has been typed so far."""

    def __init__(self, course: Course) -> None:
        from dltutor.course.lookup import term_names
        from rapidfuzz import utils

        self.course = course
        self.process = utils.default_process
        self.terms = sorted(course.glossary, key=lambda t: t.term.casefold())
        self.position = {t.id: at for at, t in enumerate(self.terms)}
        self.names: list[list[tuple[str, str]]] = []  # per term: (normalised, as written)
        self.choices: list[str] = []  # every normalised name, for rapidfuzz
        self.owner: list[int] = []  # choices[i] is a name of terms[owner[i]]
        self.own: list[set[str]] = []  # each term's own names (title, id, title without brackets), normalised
        for at, term in enumerate(self.terms):
            seen: dict[str, str] = {}
            for name in term_names(term):
                seen.setdefault(self.process(name), name)
            self.names.append(list(seen.items()))
            self.own.append({self.process(n) for n in term_names(term)[:3]})
            for key in seen:
                self.choices.append(key)
                self.owner.append(at)

    _per_app: weakref.WeakKeyDictionary[App, GlossaryIndex] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, app: App) -> GlossaryIndex:
        """The index of the app's course, built the first time the glossary opens."""
        index = cls._per_app.get(app)
        if index is None:
            index = cls._per_app[app] = cls(app.services.course)
        return index

    def search(self, query: str) -> list[Match]:
        """Terms for `query`: exact names, then names starting with it, words starting with it, names
        containing it, definitions mentioning it (`search_glossary`), and last close spellings."""
        from dltutor.course.lookup import search_glossary

        q = self.process(query)
        if not q:
            return [Match(t, None) for t in self.terms]
        words = q.split()
        best: dict[int, tuple[int, int, float, str]] = {}  # term -> (tier, by alias, -score, name matched)

        def offer(at: int, tier: int, score: float, key: str, shown: str) -> None:
            rank = (tier, int(key not in self.own[at]), -score, shown)
            if at not in best or rank < best[at]:
                best[at] = rank

        for at, names in enumerate(self.names):
            for key, shown in names:
                if key == q:
                    offer(at, 0, 100, key, shown)
                elif key.startswith(q):
                    offer(at, 1, 100, key, shown)
                elif all(any(w.startswith(word) for w in key.split()) for word in words):
                    offer(at, 2, 100, key, shown)
                elif q in key:
                    offer(at, 3, 100, key, shown)
        for rank, term in enumerate(search_glossary(self.course, query)):
            offer(self.position[term.id], 4, -rank, term.id.replace("-", " "), "")
        if len(q) >= FUZZY_MIN_LENGTH:
            from rapidfuzz import fuzz, process

            for key, score, i in process.extract(q, self.choices, scorer=fuzz.WRatio, processor=None,
                                                 score_cutoff=FUZZY_CUTOFF, limit=None):
                if len(key) >= len(q) * 0.6:  # not a short alias ("CE") found inside a longer word
                    at = self.owner[i]
                    offer(at, 5, score, key, dict(self.names[at])[key])
        ranked = sorted(best.items(), key=lambda kv: (*kv[1][:3], self.terms[kv[0]].term.casefold()))
        return [Match(self.terms[at], shown if key_is_alias else None)
                for at, (_, key_is_alias, _, shown) in ranked]


def _term_option(match: Match) -> Option:
    label = Text(match.term.term)
    if match.alias:
        label.append(f" · {match.alias}", style="dim")
    return Option(label, id=match.term.id)


def definitions_markdown(term: GlossaryTerm, course: Course) -> str:
    """Each lecture's definition under the lecture's name, with its tutor's notes, as Markdown for
    `render.course.markdown`."""
    from dltutor.course.notes import notes_markdown

    parts = []
    for d in term.definitions:
        lecture = course.lecture(d.lecture)
        label = f"Lecture {lecture.number}: {lecture.title}" if lecture else d.lecture
        parts.append("\n".join([f"*{label}*", "", d.text, *notes_markdown(d.notes)]))
    return "\n\n".join(parts) + "\n"


class CountLine(Static):
    """One line of text that repaints without a layout pass: Static.update lays the screen out
    again, which cost every key an extra frame (~17 ms) of search-as-you-type."""

    DEFAULT_CSS = "CountLine { height: 1; }"
    text: reactive[str] = reactive("")

    def render(self) -> Content:
        return Content(self.text)


class GlossaryScreen(Screen):
    """Type to search; the highlighted term's definitions, see-also terms and lectures show beside the list."""

    CSS_PATH = "glossary.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, term_id: str | None = None) -> None:
        super().__init__()
        self.term_id = term_id
        self.shown: GlossaryTerm | None = None
        self.matches: list[Match] = []

    def compose(self) -> ComposeResult:
        self.index = GlossaryIndex.of(self.app)
        yield Header()
        yield Input(placeholder=f"Search {len(self.index.terms)} terms: a name, an alias or words of a definition",
                    id="glossary-search", select_on_focus=False)
        with Horizontal(id="glossary-body"):
            with Vertical(id="glossary-side"):
                yield CountLine(id="glossary-count", classes="hint")
                yield OptionList(id="glossary-terms")
            with Vertical(id="glossary-entry"):
                with VerticalScroll(id="glossary-page"):
                    yield Static(id="glossary-title", classes="title")
                    yield Static(id="glossary-aliases", classes="hint")
                    yield Static(id="glossary-text")
                yield OptionList(id="glossary-links")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Glossary"
        self.app.theme_changed_signal.subscribe(self, self._restyle)
        search = self.query_one("#glossary-search", Input)
        if not self.term_id:
            self.search("")
            search.focus()
            return
        term = self._find(self.term_id)
        if term is not None:
            self.search("")
            self.select(term)
            self.query_one("#glossary-terms").focus()
        else:
            search.focus()

    def _restyle(self, _theme: object) -> None:
        """Draw the definitions again in the new theme's colours."""
        term, self.shown = self.shown, None
        if term is not None:
            self.show(term)

    def _find(self, name: str) -> GlossaryTerm | None:
        """The term by id, or by any name `dltutor glossary NAME` accepts; else the message and its
        suggestions on screen, with the name left in the search box to edit."""
        from dltutor.course.lookup import find_term
        from dltutor.errors import NotFoundError

        course = self.app.services.course
        try:
            return course.term(name) or find_term(course, name)
        except NotFoundError as error:
            search = self.query_one("#glossary-search", Input)
            with search.prevent(Input.Changed):
                search.value = name
            by_name = {t.term: t for t in course.glossary}
            self.matches = [Match(by_name[s], None) for s in error.suggestions if s in by_name]
            self.query_one("#glossary-terms", OptionList).set_options(_term_option(m) for m in self.matches)
            self.query_one("#glossary-count", CountLine).text = "did you mean:" if self.matches else "no match"
            message = str(error)
            self.show(None, message[0].upper() + message[1:] + ("" if message.endswith("?") else "."))
            return None

    # --- search as you type ---
    @on(Input.Changed, "#glossary-search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, query: str) -> None:
        """Recompute the matches for `query` and show the best one: the work done for every key."""
        self.matches = self.index.search(query)
        terms = self.query_one("#glossary-terms", OptionList)
        terms.set_options(_term_option(m) for m in self.matches)
        total = len(self.index.terms)
        count = self.query_one("#glossary-count", CountLine)
        if not query.strip():
            count.text = f"{total} terms"
        elif self.matches:
            count.text = f"{len(self.matches)} of {total} terms"
        else:
            count.text = "no match"
        if self.matches:
            terms.highlighted = 0
            self.show(self.matches[0].term)
        elif query.strip():
            self.show(None, f"No term matches {query.strip()!r}.")

    # --- the definition pane ---
    def show(self, term: GlossaryTerm | None, message: str | Text | None = None) -> None:
        """Put `term` (or a message when there is none) in the definition pane."""
        from dltutor.render.course import markdown
        from dltutor.tui.widgets.reader_text import ThemedMarkdown, theme_for

        if message is None and term is None:
            return
        if term is self.shown and message is None:
            return
        self.shown = term
        title = self.query_one("#glossary-title", Static)
        aliases = self.query_one("#glossary-aliases", Static)
        text = self.query_one("#glossary-text", Static)
        links = self.query_one("#glossary-links", OptionList)
        if term is None:
            title.update(Text(str(message)))
            aliases.update("Fewer letters, another spelling, or a word of the definition may find it.")
            text.update("")
            links.clear_options()
            links.display = False
            return
        course = self.app.services.course
        title.update(Text(term.term))
        own = {self.index.process(n) for n in (term.term, term.id)} | {self.index.process(term.id.replace("-", " "))}
        others = [a for a in term.aliases if self.index.process(a) not in own and a not in term.term]
        aliases.update(Text("also: " + ", ".join(others)) if others else "")
        text.update(ThemedMarkdown(markdown(definitions_markdown(term, course)), theme_for(self.app)))
        options: list[Option] = []
        see_also = [course.term(t) for t in term.see_also if course.term(t)]
        if see_also:
            options.append(Option(Text("See also", style="bold"), disabled=True))
            options += [Option(Padding(Text(t.term), (0, 0, 0, 2)), id=f"term:{t.id}") for t in see_also]
        from dltutor.demos.registry import find_demo, term_demos

        demos = [find_demo(name) for name in term_demos(term.id)]
        if demos:
            options.append(Option(Text("Watch it", style="bold"), disabled=True))
            options += [Option(Padding(Text(f"{d.name}: {d.title}"), (0, 0, 0, 2)), id=f"demo:{d.name}") for d in demos]
        options.append(Option(Text("Read it in", style="bold"), disabled=True))
        for lecture_id in term.lectures:
            lecture = course.lecture(lecture_id)
            label = f"Lecture {lecture.number}: {lecture.title}" if lecture else lecture_id
            options.append(Option(Padding(Text(label), (0, 0, 0, 2)), id=f"read:{lecture_id}"))
        links.set_options(options)
        links.display = True
        self.query_one("#glossary-page", VerticalScroll).scroll_home(animate=False)

    def select(self, term: GlossaryTerm) -> None:
        """Show `term` and put the list's cursor on it, clearing the search if it hides the term."""
        ids = [m.term.id for m in self.matches]
        if term.id not in ids:
            search = self.query_one("#glossary-search", Input)
            with search.prevent(Input.Changed):
                search.value = ""
            self.search("")
            ids = [m.term.id for m in self.matches]
        self.query_one("#glossary-terms", OptionList).highlighted = ids.index(term.id)
        self.show(term)

    @on(OptionList.OptionHighlighted, "#glossary-terms")
    def on_term_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        term = self.app.services.course.term(event.option.id or "")
        if term is not None:
            self.show(term)

    @on(OptionList.OptionSelected, "#glossary-terms")
    def on_term_selected(self, event: OptionList.OptionSelected) -> None:
        links = self.query_one("#glossary-links", OptionList)
        links.focus()
        links.highlighted = next((i for i, o in enumerate(links.options) if not o.disabled), None)

    @on(OptionList.OptionSelected, "#glossary-links")
    def on_link_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, target = (event.option.id or "").partition(":")
        if kind == "term":
            term = self.app.services.course.term(target)
            if term is not None:
                self.select(term)
                self.query_one("#glossary-terms").focus()
        elif kind == "read":
            self.app.action_read(target, "glossary")
        elif kind == "demo":
            self.app.action_demos(target)

    @on(Input.Submitted, "#glossary-search")
    def on_search_submitted(self) -> None:
        self.action_results()

    # --- keys ---
    def action_search(self) -> None:
        self.query_one("#glossary-search", Input).focus()

    def action_results(self) -> None:
        terms = self.query_one("#glossary-terms", OptionList)
        if terms.option_count:
            terms.focus()
            if terms.highlighted is None:
                terms.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere goes to the search box: the learner never has to find it first."""
        search = self.query_one("#glossary-search", Input)
        if search.has_focus or not event.is_printable or not event.character or event.character == " ":
            return
        if event.key in self.active_bindings:
            return
        search.focus()
        search.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()
