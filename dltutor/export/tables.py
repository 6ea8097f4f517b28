"""The flashcards and the review log as CSV, to take one's history anywhere.

`review_log.csv` has the columns FSRS's optimizer reads (card_id, review_time in milliseconds
since the epoch, review_rating 1-4, review_state 0 new / 1 learning / 2 review / 3 relearning
before the rating, review_duration in milliseconds), one row a rating, oldest first. `cards.csv`
has each card's sides (formulas as Unicode) and its schedule now, so the two join on the card id.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import BinaryIO

LOG_COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
CARD_COLUMNS = ("card_id", "key", "lecture", "kind", "front", "back", "state", "due", "stability", "difficulty",
                "reps", "lapses", "suspended", "leech")
_STATE = {1: "learning", 2: "review", 3: "relearning"}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _text(fh: BinaryIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)


def write_cards(fh: BinaryIO, course: object, cards: Iterable[object], now: datetime) -> int:
    from dltutor.study.cards import stored_content
    from dltutor.study.wording import plain
    from dltutor.textsafe import clean_text

    out = _text(fh)
    writer = csv.writer(out)
    writer.writerow(CARD_COLUMNS)
    n = 0
    for card in cards:
        if card.retired:
            continue
        content = stored_content(course, card, now)
        s = card.schedule
        state = "new" if s.is_new else _STATE[s.state]
        writer.writerow([card.id, card.key, card.lecture or "", card.kind,
                         clean_text(plain(content.front)) if content else "",
                         clean_text(plain(content.back)) if content else "", state,
                         "" if s.is_new else s.due.isoformat(), "" if s.stability is None else s.stability,
                         "" if s.difficulty is None else s.difficulty, s.reps, s.lapses, int(card.suspended),
                         int(card.leech)])
        n += 1
    out.flush()
    out.detach()
    return n


def write_log(fh: BinaryIO, conn: sqlite3.Connection) -> int:
    out = _text(fh)
    writer = csv.writer(out)
    writer.writerow(LOG_COLUMNS)
    n = 0
    for card_id, at, rating, state, duration in conn.execute(
            "SELECT card_id, reviewed_at, rating, state_before, duration_ms FROM review_log ORDER BY reviewed_at, id"):
        millis = (datetime.fromisoformat(at) - EPOCH) // timedelta(milliseconds=1)
        writer.writerow([card_id, millis, rating, state, "" if duration is None else duration])
        n += 1
    out.flush()
    out.detach()
    return n
