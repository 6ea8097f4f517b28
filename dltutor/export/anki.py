"""The flashcards as an Anki package (.apkg), written with genanki.

Every card not suspended becomes a Basic note (Front, Back) in a deck of its lecture, under one
parent deck; formulas are rendered as Unicode (Anki has no LaTeX of ours to draw), text is
HTML-escaped, and each note is tagged with its lecture and its kind. A note's GUID comes from its
card's key, so importing a later export updates the notes instead of adding copies. Review
history is not carried: genanki writes notes, not scheduling.
"""

from __future__ import annotations

import html
import os
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

PARENT_DECK = "dltutor"
OWN_DECK = "Your cards"


@dataclass(frozen=True, slots=True)
class AnkiNote:
    guid: str
    deck: str  # "dltutor::Lecture 3: Perceptron Learning"
    front: str  # HTML
    back: str
    tags: tuple[str, ...]


def _html(text: str) -> str:
    from dltutor.study.wording import plain
    from dltutor.textsafe import clean_text

    return html.escape(clean_text(plain(text))).replace("\n", "<br>")


def deck_id(name: str) -> int:
    """A stable deck id (Anki keys decks by id): the same deck name gives the same id in every export."""
    return (1 << 30) + zlib.crc32(name.encode("utf-8"))


def notes(course: object, cards: Iterable[object], now: datetime) -> list[AnkiNote]:
    """The notes for these stored cards (suspended and retired ones left out), in course order."""
    from genanki import guid_for

    from dltutor.study.cards import stored_content

    out = []
    for card in cards:
        if card.suspended or card.retired:
            continue
        content = stored_content(course, card, now)
        if content is None:
            continue
        lecture = course.lecture(card.lecture) if card.lecture else None
        deck = f"{PARENT_DECK}::" + (f"Lecture {lecture.number}: {lecture.title}" if lecture else OWN_DECK)
        tags = ("dltutor", card.lecture or "own", card.kind)
        out.append(AnkiNote(guid_for("dltutor", card.key), deck, _html(content.front), _html(content.back), tags))
    return out


def write_package(fh: BinaryIO, anki_notes: list[AnkiNote], now: datetime, folder: Path) -> None:
    """The .apkg into `fh`: genanki's collection built in a scratch file in `folder`, zipped, then removed."""
    import zipfile

    import genanki

    decks: dict[str, genanki.Deck] = {}
    for n in anki_notes:
        if n.deck not in decks:
            decks[n.deck] = genanki.Deck(deck_id(n.deck), n.deck)
        decks[n.deck].add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[n.front, n.back], guid=n.guid,
                                            tags=list(n.tags)))
    package = genanki.Package(list(decks.values()))
    scratch = folder / f".dltutor-anki.{os.getpid()}.anki2"
    try:
        conn = sqlite3.connect(scratch)
        try:
            import itertools

            timestamp = now.timestamp()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(scratch, "collection.anki2")
            out.writestr("media", "{}")
    finally:
        scratch.unlink(missing_ok=True)
