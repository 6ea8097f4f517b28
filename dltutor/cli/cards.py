"""`dltutor cards`: list the flashcards, add your own, suspend the ones you do not want."""


import json
import sys
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError, NotFoundError

app = typer.Typer(help="List flashcards, add your own, suspend or restore one.", no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]})

MAX_SIDE = 2000  # characters on one side of an own card


def _state(card: Any) -> str:
    if card.retired:
        return "retired"
    if card.suspended:
        return "suspended"
    if card.schedule.is_new:
        return "new"
    return {1: "learning", 2: "review", 3: "relearning"}[card.schedule.state]


def _find(conn: Any, ident: str) -> Any:
    from dltutor.store import progress

    ident = ident.strip()
    card = progress.find_card(conn, ident)
    if card is None and ident.isascii() and ident.isdigit() and int(ident) < 2 ** 63:  # ids are SQLite INTEGERs
        card = progress.get_card(conn, int(ident))
    if card is None:
        from rapidfuzz import process

        keys = [k for (k,) in conn.execute("SELECT key FROM cards WHERE retired = 0")]
        close = [m[0] for m in process.extract(ident, keys, limit=3, score_cutoff=60)]
        raise NotFoundError("card", ident, close)
    return card


@app.command("list")
def list_cards(
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="Only this lecture's cards.",
                                                   show_default=False)] = None,
    due: Annotated[bool, typer.Option("--due", help="Only what `review` would show today (due cards, quiz misses, "
                                                    "today's new cards).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List cards: id, front, state, when due, stability and lapses."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.store import progress
    from dltutor.study.cards import stored_content

    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    conn = _study.open_store(course, write=False)
    moment = now()
    if due:
        cards = progress.due_cards(conn, moment, _study.settings().limits(), lecture_id)
    else:
        cards = progress.list_cards(conn, lecture=lecture_id)
    conn.close()
    rows = []
    for card in cards:
        content = stored_content(course, card, moment)
        if content is None:
            continue
        rows.append((card, content))
    if as_json:
        sys.stdout.write(json.dumps([{
            "id": card.id, "key": card.key, "lecture": card.lecture, "kind": card.kind, "front": content.front,
            "back": content.back, "state": _state(card), "due": card.schedule.due.isoformat(),
            "stability": card.schedule.stability, "difficulty": card.schedule.difficulty,
            "reps": card.schedule.reps, "lapses": card.schedule.lapses, "leech": card.leech,
        } for card, content in rows], ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, table, use_color, width
    from dltutor.study.wording import plain, when

    if not rows:
        sys.stdout.write("No cards due now.\n" if due else "No cards.\n")
        return
    body = []
    for card, content in rows:
        due_text = "-" if card.schedule.is_new else when(card.schedule.due, moment).split(" (")[0]
        stab = f"{card.schedule.stability:.1f}d" if card.schedule.stability else "-"
        flags = _state(card) + (", leech" if card.leech else "")
        body.append([card.key, plain(content.front)[:60], flags, due_text, stab, str(card.schedule.lapses)])
    sys.stdout.write(table(["card", "front", "state", "due", "stability", "lapses"], body, right=(4, 5),
                           styled=Styled(use_color()), columns=width()))
    sys.stdout.write(f"{len(body)} card{'s' * (len(body) != 1)}\n")


def _side(text: str, name: str) -> str:
    from dltutor.textsafe import clean_text

    text = clean_text(text.encode("utf-8", "replace").decode("utf-8")).strip()
    if not text:
        raise DltutorError(f"the card's {name} is empty")
    if len(text) > MAX_SIDE:
        raise DltutorError(f"the card's {name} is {len(text)} characters; keep it under {MAX_SIDE}")
    return text


@app.command("add")
def add(
    front: Annotated[Optional[str], typer.Option("--front", "-f", help="The question side.", show_default=False)]
    = None,
    back: Annotated[Optional[str], typer.Option("--back", "-b", help="The answer side.", show_default=False)] = None,
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="File it under a lecture.",
                                                   show_default=False)] = None,
) -> None:
    """Add your own card (asks for the front and back when not given)."""
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.clock import now
    from dltutor.store import progress

    term = Terminal()
    if front is None or back is None:
        if not term.interactive:
            raise DltutorError("give the card as --front TEXT --back TEXT")
        front = front if front is not None else term.ask("Front: ")
        back = back if back is not None else (term.ask("Back: ") if front is not None else None)
        if front is None or back is None:
            raise DltutorError("no card added")
    front, back = _side(front, "front"), _side(back, "back")
    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    conn = _study.open_store(course, write=True, settings=_study.settings())
    card = progress.add_own_card(conn, front, back, lecture_id, now())
    conn.close()
    term.say(f"Added {card.key}: it is new and comes up in `dltutor review`.")


def _set_suspended(ident: str, suspended: bool) -> None:
    from dltutor.cli import _study
    from dltutor.store import progress

    conn = _study.open_store(_study.course(), write=True, settings=_study.settings())
    card = _find(conn, ident)
    progress.set_suspended(conn, card.id, suspended)
    conn.close()
    if suspended:
        sys.stdout.write(f"Suspended {card.key}: it will not be shown until `dltutor cards unsuspend {card.key}`.\n")
    else:
        sys.stdout.write(f"Restored {card.key}: it is back in your reviews.\n")


@app.command("suspend")
def suspend(ident: Annotated[str, typer.Argument(metavar="ID", help="The card, as `cards list` shows it.")]) -> None:
    """Stop showing a card (its history is kept)."""
    _set_suspended(ident, True)


@app.command("unsuspend")
def unsuspend(ident: Annotated[str, typer.Argument(metavar="ID", help="The card, as `cards list` shows it.")]) -> None:
    """Show a suspended card again."""
    _set_suspended(ident, False)
