"""A piece of course text, drawn by the renderer `dltutor read` uses, in the colours of the app's theme.

Rich draws the Markdown (`dltutor.render.course.markdown`: the same Unicode math, the same line
breaks as on the command line) into one widget per block. Textual's own Markdown widget made
about four widgets per list item: lecture 5 took 0.75 s to appear against 0.08 s this way.
Rich's Markdown styles name ANSI colours; `ThemedMarkdown` swaps in the app theme's instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.theme import Theme
from textual.color import Color
from textual.widgets import Static

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.markdown import Markdown


def markdown_theme(variables: dict[str, str]) -> Theme:
    """Rich's Markdown styles in the colours of a Textual theme (its CSS variables)."""

    def color(name: str, fallback: str = "foreground") -> Any:
        value = variables.get(name) or variables.get(fallback) or "white"
        try:
            return Color.parse(value).rich_color
        except Exception:  # a variable that is not a colour ("transparent"): leave the terminal's
            return None

    def heading(level: int) -> Style:
        text_style = variables.get(f"markdown-h{level}-text-style", "bold")
        return Style.parse(text_style if text_style not in ("", "none") else "none") + Style(
            color=color(f"markdown-h{level}-color"))

    accent = color("text-accent", "accent")
    return Theme({
        "markdown.h1": heading(1), "markdown.h2": heading(2), "markdown.h3": heading(3),
        "markdown.h4": heading(4), "markdown.h5": heading(5), "markdown.h6": heading(6),
        "markdown.code": Style(bold=True, color=accent), "markdown.code_block": Style(color=accent),
        "markdown.block_quote": Style(color=color("text-secondary", "secondary")),
        "markdown.list": Style(), "markdown.item.bullet": Style(bold=True, color=accent),
        "markdown.item.number": Style(color=accent),
        "markdown.link": Style(color=accent), "markdown.link_url": Style(color=color("text-muted"), underline=True),
        "markdown.hr": Style(color=color("text-muted")),
        "markdown.table.border": Style(color=color("primary")), "markdown.table.header": Style(bold=True),
    }, inherit=True)


class ThemedMarkdown:
    """A rich renderable: `markdown` drawn with `theme` in place of rich's default Markdown styles."""

    def __init__(self, markdown: Markdown, theme: Theme) -> None:
        self.markdown = markdown
        self.theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with console.use_theme(self.theme):
            segments = list(console.render(self.markdown, options))  # styles are looked up while rendering
        yield from segments


class ReaderBlock(Static):
    """One heading's or one key topic's part of the text; `line` is where it starts in the source."""

    DEFAULT_CSS = """
    ReaderBlock { height: auto; width: 1fr; }
    ReaderBlock.heading { margin-top: 1; }
    """

    def __init__(self, source: str, line: int, *, heading: bool = False) -> None:
        from dltutor.render.course import markdown

        super().__init__(classes="heading" if heading else None)
        self.source = source
        self.line = line
        self.markdown = markdown(source)  # parsed once; for_terminal + clean_text, as `dltutor read`

    def on_mount(self) -> None:
        self.restyle()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())

    def restyle(self) -> None:
        self.update(ThemedMarkdown(self.markdown, theme_for(self.app)))


_themes: dict[tuple[int, str], Theme] = {}


def theme_for(app: Any) -> Theme:
    """The rich Markdown theme for the app's current Textual theme, made once per theme."""
    key = (id(app), app.theme)
    if key not in _themes:
        if len(_themes) > 16:
            _themes.clear()
        _themes[key] = markdown_theme(app.get_css_variables())
    return _themes[key]
