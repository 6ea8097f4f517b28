"""The keys of every screen, on `?` or F1."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """\
# Keys

| where | key | does |
| --- | --- | --- |
| everywhere | `?` or `F1` | this help |
| | `Esc` | back to the previous screen |
| | `Ctrl+P` | command palette: every lecture, quiz, demo and screen by name; themes |
| | `Ctrl+Q` | quit |
| home | `↑` `↓`, `Enter` | choose a lecture, open it |
| | `c` | start the next step (what `dltutor next` says, shown above the lectures) |
| | `q` | quiz on the chosen lecture (`Q`: all lectures) |
| | `p` | practice problems on the chosen lecture (`P`: all lectures) |
| | `w` | write an essay on the chosen lecture (its next prompt) |
| | `v` | review the cards that are due |
| | `g` / `d` / `e` / `s` | glossary / demos / exercises / stats |
| reader | `↑` `↓` `PgUp` `PgDn` | scroll; `Tab` moves to the contents and links, `Enter` follows one |
| | `q` / `g` / `d` | this lecture's quiz / its glossary terms / its demos |
| | `P` | practice problems on this lecture |
| | `a` / `n` / `p` | show the answers / next / previous lecture |
| quiz | `Enter` | submit your answer (an empty one skips), then go to the next question (`n` too) |
| | `A`-`D` | pick a choice (or `↑` `↓` and `Enter`); `s` skips it |
| | `r` `p` `w` | after the feedback: mark it right, partly right or wrong |
| | `w` / `v` | at the end: retry what you missed / review the cards now due |
| practice | `Enter` | check your answer (an empty one skips), then go to the next problem (`n` too) |
| | `l` | after the verdict: read the problem's lecture |
| | `a` / `v` | at the end: another round / review the cards now due |
| essay | type | write; it reaches the disk as you type, the checklist follows a second later |
| | `Ctrl+S` / `Ctrl+R` | save a version / mark the essay done |
| | `Esc` | save what changed and go back |
| review | `Space` | show the answer |
| | `1` `2` `3` `4` | rate: Again, Hard, Good, Easy (`a` `h` `g` `e` too) |
| | `u` | undo the last rating |
| glossary | type | search as you type, from anywhere on the screen; `↓` or `Enter` into the list |
| | `Enter`, `Tab` | from a term to its see-also terms and lectures; `Enter` follows one |
| demos | `↑` `↓`, `Tab` | choose a demo, move into its options |
| | `Enter` | run the chosen demo with the options in the form |
| | `p` / `n` / `r` | pause or resume / one step / restart |
| | `e` | skip to the end: the rest is computed at once, its last frame shown |
| | `Ctrl+C` / `o` or `Esc` | stop the run / stop it and go back to the options |
| | `l` / `g` | the demo's lecture / its glossary terms |
| exercises | `↑` `↓`, `Enter` | choose an exercise; its file is then checked on every save |
| | `r` / `n` | check it again now / go to the next exercise not passed |
| | `h` / `s` | the next hint / the reference solution (once passed, or after 5 failed checks) |
| | `l` | the exercise's lecture |
| stats | `v` / `r` | review the cards that are due / read the figures again |
"""


def _rows() -> list[tuple[str, str, str]]:
    """(where, key, does) from the KEYS table above, which stays readable as Markdown."""
    rows = []
    for line in KEYS.splitlines():
        line = line.strip()
        if not (line.startswith("|") and line.endswith("|")):
            continue
        cells = [c.strip() for c in line[1:-1].split("|")]
        if len(cells) != 3 or cells[0] == "where" or set("".join(cells)) <= {"-"}:
            continue  # a heading, the header row or its rule
        rows.append((cells[0], cells[1].replace("`", ""), cells[2].replace("`", "")))
    return rows


class HelpScreen(ModalScreen[None]):
    """One line per key, so the whole list reads at 80x24 with a little scrolling."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96%; max-width: 110; height: 94%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
        table.add_column("where", style="bold", no_wrap=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does", ratio=1)
        for where, key, does in _rows():
            table.add_row(Text(where), Text(key), Text(does))
        with VerticalScroll():
            yield Static(Text("Keys  (Esc closes)", style="bold"))
            yield Static(table)
