"""`dltutor cards`: list and show the flashcards, add, edit and delete your own, suspend the ones you do not want."""


import json
import sys
from typing import Annotated, Any, Optional

import typer

from dltutor.errors import DltutorError, NotFoundError

app = typer.Typer(help="List and show flashcards; add, edit or delete your own; suspend or restore one.", no_args_is_help=True,
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
    if card.retired:
        raise DltutorError(f"card {card.id} ({card.key}) "
                           + ("was deleted" if card.kind == "own" else "is no longer in the course"))
    return card


def _card_json(card: Any, content: Any) -> dict[str, Any]:
    return {
        "id": card.id, "key": card.key, "lecture": card.lecture, "kind": card.kind, "front": content.front,
        "back": content.back, "state": _state(card), "due": card.schedule.due.isoformat(),
        "stability": card.schedule.stability, "difficulty": card.schedule.difficulty,
        "reps": card.schedule.reps, "lapses": card.schedule.lapses, "leech": card.leech,
    }


@app.command("list")
def list_cards(
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="Only this lecture's cards.",
                                                   show_default=False)] = None,
    due: Annotated[bool, typer.Option("--due", help="Only what `review` would show today (due cards, quiz misses, "
                                                    "today's new cards).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list, with each card's full text.")] = False,
) -> None:
    """List cards: id, front, state, when due, stability and lapses, fitted to the terminal."""
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
    rows = [(card, content) for card in cards if (content := stored_content(course, card, moment)) is not None]
    if as_json:
        sys.stdout.write(json.dumps([_card_json(card, content) for card, content in rows],
                                    ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, table, use_color, width, wrap
    from dltutor.study.wording import plain, when

    if not rows:
        sys.stdout.write("No cards due now.\n" if due else "No cards.\n")
        return
    body = []
    for card, content in rows:
        due_text = "-" if card.schedule.is_new else when(card.schedule.due, moment).split(" (")[0]
        stab = f"{card.schedule.stability:.1f}d" if card.schedule.stability else "-"
        flags = _state(card) + (", leech" if card.leech else "")
        body.append([str(card.id), plain(content.front), flags, due_text, stab, str(card.schedule.lapses)])
    # The id is what `cards show/suspend/edit/delete` take; the front is cut to fit, in full with `show`.
    sys.stdout.write(table(["id", "front", "state", "due", "stability", "lapses"], body, right=(0, 4, 5),
                           cut_col=1, styled=Styled(use_color()), columns=width()))
    footer = f"{len(body)} card{'s' * (len(body) != 1)} · the whole card: dltutor cards show ID"
    sys.stdout.write("\n".join(wrap(footer, width())) + "\n")


@app.command("show")
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The card, as `cards list` shows it (its key or id).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """One card as FSRS sees it: difficulty, stability, retrievability now, next due, and every review."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.store import progress
    from dltutor.study.cards import stored_content
    from dltutor.study.scheduler import retrievability

    course = _study.course()
    settings = _study.settings()
    conn = _study.open_store(course, write=False, settings=settings)  # reads only: never writes the file
    try:
        card = _find(conn, ident)
        reviews = progress.card_reviews(conn, card)
    finally:
        conn.close()
    moment = now()
    content = stored_content(course, card, moment)
    s = card.schedule
    recall = None if s.is_new else retrievability(s, moment, settings.scheduler())
    rows = [_review_row(r, previous) for r, previous in zip(reviews, [None, *reviews[:-1]])]
    if content is None:  # a retired course card: its text left the course
        raise DltutorError(f"card {card.id} ({card.key}) is no longer in the course")
    if as_json:  # the fields of `cards list --json`, and what FSRS knows
        sys.stdout.write(json.dumps({**_card_json(card, content), "retrievability": recall,
                                     "suspended": card.suspended, "reviews": rows},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    _print_card(card, content, recall, rows, moment)


def _review_row(r: Any, previous: Any) -> dict[str, Any]:
    from dltutor.study.scheduler import RATING_NAMES

    return {"reviewed_at": r.at.isoformat(), "rating": r.rating, "rating_name": RATING_NAMES[r.rating],
            "state_before": _STATE_NAMES[r.state_before],
            "elapsed_days": round((r.at - previous.at).total_seconds() / 86400, 4) if previous else None,
            "interval_days": round((r.after.due - r.at).total_seconds() / 86400, 4),
            "stability": r.after.stability, "difficulty": r.after.difficulty, "duration_ms": r.duration_ms}


_STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def _print_card(card: Any, content: Any, recall: float | None, rows: list[dict[str, Any]], moment: Any) -> None:
    from datetime import datetime, timedelta

    from dltutor.render.fast import Styled, table, use_color, width, wrap
    from dltutor.study.scheduler import describe_interval
    from dltutor.study.wording import plain, when

    st = Styled(use_color())
    s = card.schedule
    columns = width()
    out = [*(st.style(line, "bold") for line in wrap(f"Card {card.id} · {card.key} · {content.label}", columns)),
           *wrap(f"Front: {plain(content.front)}", columns), *wrap(f"Back: {plain(content.back)}", columns), ""]
    facts = [("state", _state(card) + (", leech" if card.leech else ""))]
    if s.is_new:
        facts.append(("due", "now: missed in a quiz or practice, it waits with the due cards in `dltutor review`"
                      if card.priority else "new: comes up as a new card in `dltutor review`"))
    else:
        facts += [
            ("difficulty", f"{s.difficulty:.2f}  (FSRS: 1 easiest to 10 hardest)"),
            ("stability", f"{s.stability:.2f} days  (after this long, the chance of recall falls to 90%)"),
            ("retrievability", f"{recall:.1%}  (the chance of recalling it now)"),
            ("due", when(s.due, moment) if s.due > moment else f"now (since {s.due.astimezone():%a %d %b %H:%M})"),
        ]
    facts.append(("reviews", f"{s.reps} · lapses {s.lapses}"))
    for name, value in facts:  # the value wraps under itself
        first, *rest = wrap(value, columns - 17) or [""]
        out += [f"  {name:<15}{first}", *(" " * 17 + line for line in rest)]
    body = ""
    if rows:
        lines = []
        for row in rows:
            at = datetime.fromisoformat(row["reviewed_at"]).astimezone()
            days = row["elapsed_days"]
            elapsed = "-" if days is None else "<1m" if days * 1440 < 1 else describe_interval(timedelta(days=days))
            lines.append([f"{at:%Y-%m-%d %H:%M}", row["rating_name"], row["state_before"], elapsed,
                          describe_interval(timedelta(days=row["interval_days"])),
                          f"{row['stability']:.2f}d" if row["stability"] else "-"])
        body = "\n" + table(["reviewed", "rating", "was", "since last", "interval", "stability"], lines,
                            right=(3, 4, 5), styled=st, columns=columns)
    sys.stdout.write("\n".join(out) + "\n" + body)


def _side(text: str, name: str) -> str:
    from dltutor.textsafe import clean_text

    text = clean_text(text.encode("utf-8", "replace").decode("utf-8")).strip()
    if not text:
        raise DltutorError(f"the card's {name} is empty")
    if len(text) > MAX_SIDE:
        raise DltutorError(f"the card's {name} is {len(text)} characters; keep it under {MAX_SIDE}")
    return text


def _same_front(text: str) -> str:
    return " ".join(text.split())


def _duplicate(conn: Any, course: Any, front: str, but: int | None = None) -> Any:
    """The card in use whose front is exactly `front` (spacing aside), or None."""
    from dltutor.store import progress
    from dltutor.study.cards import course_cards
    from dltutor.study.wording import plain

    wanted = _same_front(front)
    for card in progress.own_cards(conn):
        if card.id != but and _same_front(card.front or "") == wanted:
            return card
    for content in course_cards(course):  # as written in the course, or as the terminal shows it
        if wanted in (_same_front(content.front), _same_front(plain(content.front))):
            card = progress.find_card(conn, content.key)
            if card is not None and not card.retired:
                return card
    return None


def _refuse_duplicate(conn: Any, course: Any, front: str, but: int | None = None) -> None:
    same = _duplicate(conn, course, front, but)
    if same is not None:
        conn.close()
        raise DltutorError(f"card {same.id} ({same.key}) already has this front; "
                           f"see it with `dltutor cards show {same.id}`")


def _own(conn: Any, ident: str) -> Any:
    card = _find(conn, ident)
    if card.kind != "own":
        conn.close()
        raise DltutorError(f"card {card.id} ({card.key}) is not one of your own cards, and only those change; "
                           f"`dltutor cards suspend {card.id}` stops showing it")
    return card


@app.command("add")
def add(
    front: Annotated[Optional[str], typer.Option("--front", "-f", help="The question side.", show_default=False)]
    = None,
    back: Annotated[Optional[str], typer.Option("--back", "-b", help="The answer side.", show_default=False)] = None,
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="File it under a lecture.",
                                                   show_default=False)] = None,
) -> None:
    """Add your own card (asks for the front and back when not given); a front that is already a card is refused."""
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
    _refuse_duplicate(conn, course, front)
    card = progress.add_own_card(conn, front, back, lecture_id, now())
    conn.close()
    term.say(f"Added card {card.id} ({card.key}): it is new and comes up in `dltutor review`.")


@app.command("edit")
def edit(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Your card, as `cards list` shows it.")],
    front: Annotated[Optional[str], typer.Option("--front", "-f", help="The new question side.",
                                                 show_default=False)] = None,
    back: Annotated[Optional[str], typer.Option("--back", "-b", help="The new answer side.",
                                                show_default=False)] = None,
) -> None:
    """Change the text of your own card; its schedule and history stay (asks in a terminal when not given)."""
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.store import progress

    term = Terminal()
    course = _study.course()
    conn = _study.open_store(course, write=True, settings=_study.settings())
    card = _own(conn, ident)
    if front is None and back is None:
        if not term.interactive:
            conn.close()
            raise DltutorError("give the new text as --front TEXT, --back TEXT or both")
        term.para(f"Front: {card.front}", style="dim")
        front = term.ask("New front (Enter keeps it): ")
        term.para(f"Back: {card.back}", style="dim")
        back = term.ask("New back (Enter keeps it): ") if front is not None else None
        if front is None or back is None:
            conn.close()
            raise DltutorError("card not changed")
        front, back = front.strip() or card.front, back.strip() or card.back
    front = _side(front, "front") if front is not None else card.front
    back = _side(back, "back") if back is not None else card.back
    if (front, back) == (card.front, card.back):
        conn.close()
        term.say(f"Card {card.id} is unchanged.")
        return
    _refuse_duplicate(conn, course, front, but=card.id)
    progress.edit_own_card(conn, card.id, front, back)
    conn.close()
    term.say(f"Changed card {card.id} ({card.key}); its schedule and history are kept.")


@app.command("delete")
def delete(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Your card, as `cards list` shows it.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete your own card: it never comes up again; its past reviews stay in your stats."""
    from dltutor.cli import _study
    from dltutor.cli.terminal import Terminal
    from dltutor.store import progress
    from dltutor.study.wording import plain

    term = Terminal()
    course = _study.course()
    conn = _study.open_store(course, write=True, settings=_study.settings())
    card = _own(conn, ident)
    if not yes:
        if not term.interactive:
            conn.close()
            raise DltutorError(f"add --yes to delete card {card.id} without being asked")
        term.para(f"Card {card.id}: {plain(card.front or '')}")
        answer = term.ask("Delete it? [y/N] ")
        if (answer or "").strip().lower() not in ("y", "yes"):
            conn.close()
            term.say("Nothing deleted.")
            return
    kept = progress.delete_own_card(conn, card.id)
    conn.close()
    history = f"; its {kept} review{'s stay' if kept != 1 else ' stays'} in your stats" if kept else ""
    term.say(f"Deleted card {card.id} ({card.key}){history}.")


def _set_suspended(ident: str, suspended: bool) -> None:
    from dltutor.cli import _study
    from dltutor.store import progress

    conn = _study.open_store(_study.course(), write=True, settings=_study.settings())
    card = _find(conn, ident)
    progress.set_suspended(conn, card.id, suspended)
    conn.close()
    if suspended:
        sys.stdout.write(f"Suspended card {card.id} ({card.key}): it will not be shown until "
                         f"`dltutor cards unsuspend {card.id}`.\n")
    else:
        sys.stdout.write(f"Restored card {card.id} ({card.key}): it is back in your reviews.\n")


@app.command("suspend")
def suspend(ident: Annotated[str, typer.Argument(metavar="ID", help="The card, as `cards list` shows it.")]) -> None:
    """Stop showing a card (its history is kept)."""
    _set_suspended(ident, True)


@app.command("unsuspend")
def unsuspend(ident: Annotated[str, typer.Argument(metavar="ID", help="The card, as `cards list` shows it.")]) -> None:
    """Show a suspended card again."""
    _set_suspended(ident, False)
