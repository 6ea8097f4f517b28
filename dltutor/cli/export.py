"""`dltutor export anki FILE.apkg` and `dltutor export csv DIR`: your cards (and history) for other tools.

The work is `dltutor.export`'s. Every target is checked before anything is read: a file that exists
is replaced only with --force; a missing or read-only folder is one line, exit status 2.
"""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(help="Export your flashcards: an Anki package, or CSV of cards and review log.",
                  no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})

Force = Annotated[bool, typer.Option("--force", help="Replace files that exist.")]


@app.command("anki")
def anki(
    target: Annotated[Path, typer.Argument(metavar="FILE.apkg", help="The package to write.", show_default=False)],
    lecture: Annotated[Optional[str], typer.Option("--lecture", "-l", help="Only this lecture's cards.",
                                                   show_default=False)] = None,
    force: Force = False,
) -> None:
    """Every card that is not suspended, as Basic notes in a deck per lecture; re-importing updates them."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.export import check_target, write_file
    from dltutor.store import progress

    check_target(target, force=force)
    course = _study.course()
    lecture_id = _study.lecture_id(course, lecture)
    conn = _study.open_store(course, write=False)  # reads only
    try:
        cards = progress.list_cards(conn, lecture=lecture_id)
    finally:
        conn.close()
    from dltutor.export.anki import notes, write_package

    moment = now()
    found = notes(course, cards, moment)
    folder = target.parent if str(target.parent) else Path(".")
    write_file(target, lambda fh: write_package(fh, found, moment, folder))
    decks = len({n.deck for n in found})
    sys.stdout.write(f"Wrote {len(found):,} note{'s' * (len(found) != 1)} in {decks} deck{'s' * (decks != 1)} to "
                     f"{target}. Import it in Anki (File → Import); importing a later export updates these notes. "
                     "Review history is not carried.\n")


@app.command("csv")
def csv_files(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder for cards.csv and review_log.csv.",
                                           show_default=False)],
    force: Force = False,
) -> None:
    """cards.csv (sides and schedule) and review_log.csv (the columns FSRS's optimizer reads) in DIR."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.errors import DltutorError
    from dltutor.export import check_target, write_file
    from dltutor.store import progress
    from dltutor.textsafe import clean_line

    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise DltutorError(f"cannot write into {clean_line(str(folder))}: it {what}")
    targets = [check_target(folder / name, force=force) for name in ("cards.csv", "review_log.csv")]
    course = _study.course()
    conn = _study.open_store(course, write=False)  # reads only
    try:
        from dltutor.export.tables import write_cards, write_log

        cards = progress.list_cards(conn)
        counts = {}
        write_file(targets[0], lambda fh: counts.__setitem__("cards", write_cards(fh, course, cards, now())))
        write_file(targets[1], lambda fh: counts.__setitem__("reviews", write_log(fh, conn)))
    finally:
        conn.close()
    sys.stdout.write(f"Wrote {counts['cards']:,} cards to {targets[0]} and {counts['reviews']:,} reviews to "
                     f"{targets[1]}.\n")
