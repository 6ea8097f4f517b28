"""The keys of every screen, on `?` or F1."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS = """\
# Keys

| where | key | does |
| --- | --- | --- |
| everywhere | `?` or `F1` | this help |
| | `Esc` | back to the previous screen |
| | `Ctrl+P` | command palette: every lecture, quiz, demo and screen by name; themes |
| | `Ctrl+Q` | quit |
| home | `↑` `↓`, `Enter` | choose a lecture, open it |
| | `c` | continue where you left off |
| | `q` | quiz on the chosen lecture (`Q`: all lectures) |
| | `v` | review the cards that are due |
| | `g` / `d` / `s` | glossary / demos / stats |
| reader | `↑` `↓` `PgUp` `PgDn` | scroll; `Tab` moves to the contents and links, `Enter` follows one |
| | `q` / `g` / `d` | this lecture's quiz / its glossary terms / its demos |
| | `a` / `n` / `p` | show the answers / next / previous lecture |
| quiz | `Enter` | submit your answer, then go to the next question (`n` too) |
| | `A`-`D` | pick a choice (or `↑` `↓` and `Enter`) |
| | `r` `p` `w` | after the feedback: mark it right, partly right or wrong |
| | `w` / `v` | at the end: retry what you missed / review the cards now due |
| review | `Space` | show the answer |
| | `1` `2` `3` `4` | rate: Again, Hard, Good, Easy (`a` `h` `g` `e` too) |
| | `u` | undo the last rating |
| glossary | type | search as you type, from anywhere on the screen; `↓` or `Enter` into the list |
| | `Enter`, `Tab` | from a term to its see-also terms and lectures; `Enter` follows one |
| demos | `↑` `↓`, `Tab` | choose a demo, move into its options |
| | `Enter` | run the chosen demo with the options in the form |
| | `p` / `n` / `r` | pause or resume / one step / restart |
| | `Ctrl+C` / `o` or `Esc` | stop the run / stop it and go back to the options |
| | `l` / `g` | the demo's lecture / its glossary terms |
| stats | `v` / `r` | review the cards that are due / read the figures again |
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(KEYS)
