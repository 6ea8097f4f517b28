"""The review screen: reveal, rate (committed to the store), undo, and what it says when nothing is due."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from textual.widgets import Button, Static

FROZEN = datetime(2026, 1, 15, 9, tzinfo=timezone.utc)  # the clock tests/tui/conftest.py gives the app


def text(app, selector):
    return str(app.screen.query_one(selector, Static).render())


def card_row(app, card_id):
    return app.services.conn.execute("SELECT due, reps, state FROM cards WHERE id = ?", (card_id,)).fetchone()


async def open_review(app, pilot, lecture=None):
    from dltutor.tui.screens.review import ReviewScreen

    await app.push_screen(ReviewScreen(lecture))
    await pilot.pause()
    return app.screen


def test_rate_a_card_then_undo(make):
    asyncio.run(_rate_and_undo(make))


async def _rate_and_undo(make):
    from dltutor.store.progress import ts

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot, "lecture-3")
        new = app.services.conn.execute("SELECT min(count(*), 20) FROM cards WHERE lecture = 'lecture-3'").fetchone()[0]
        assert text(app, "#review-counts") == f"Review · Lecture 3 · 0 due · {new} new today"
        card = screen.card
        assert card is not None and card.content.lecture == "lecture-3"
        before = card_row(app, card.id)
        assert before[1] == 0 and not screen.query_one("#review-back").display
        await pilot.press("3")  # no rating before the answer is shown
        await pilot.pause()
        assert app.services.conn.execute("SELECT count(*) FROM review_log").fetchone() == (0,)

        await pilot.press("space")
        await pilot.pause()
        assert screen.query_one("#review-back").display and screen.query_one("#review-ratings").display
        assert str(screen.query_one("#rate-3", Button).label) == "3 Good · 10m"
        await pilot.press("3")
        await pilot.pause()
        assert app.services.conn.execute("SELECT card_id, rating FROM review_log").fetchall() == [(card.id, 3)]
        assert card_row(app, card.id) == (ts(FROZEN + timedelta(minutes=10)), 1, 1)
        assert text(app, "#review-message") == "✓ Good · due again in 10m (at 09:10)"
        assert screen.card.id != card.id and screen.state == "front"
        assert text(app, "#review-counts") == f"Review · Lecture 3 · 0 due · {new - 1} new today · 1 rated"

        await pilot.press("u")
        await pilot.pause()
        assert app.services.conn.execute("SELECT count(*) FROM review_log").fetchone() == (0,)
        assert card_row(app, card.id) == before
        assert screen.card.id == card.id  # the card comes again
        assert text(app, "#review-message").startswith("↶ Undone")
        assert screen.check_action("undo", ()) is None  # shown disabled in the footer: nothing more to undo
        await pilot.press("u")
        await pilot.pause()
        assert card_row(app, card.id) == before and screen.card.id == card.id


def test_nothing_due_says_when_the_next_card_is(make):
    asyncio.run(_nothing_due(make))


async def _nothing_due(make):
    from dltutor.settings import set_setting
    from dltutor.store import progress
    from dltutor.study.session import rate_card

    set_setting("review.new_per_day", "0")
    app = make()
    conn = app.services.conn
    card_id = conn.execute("SELECT id FROM cards ORDER BY ord, id LIMIT 1").fetchone()[0]
    rated = rate_card(conn, card_id, 4, FROZEN - timedelta(days=1))  # Easy yesterday: due in a few days
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        assert screen.state == "done" and screen.card is None
        due_in = rated.after.schedule.due - FROZEN
        shown = text(app, "#review-front")
        assert f"Nothing more is due now. Next card due in {due_in.days}d (" in shown
        assert "new cards wait for the coming days (0 a day;" in shown
        assert not screen.query_one("#review-ratings").display
        await pilot.press("space", "1")  # nothing to show or rate
        await pilot.pause()
        assert conn.execute("SELECT count(*) FROM review_log").fetchone() == (1,)


def test_snapshot_answer_revealed(make, snap_compare):
    from dltutor.tui.screens.review import ReviewScreen

    app = make()

    async def run_before(pilot):
        await app.push_screen(ReviewScreen("lecture-3"))
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_a_lapse_past_the_limit_flags_a_leech(make):
    asyncio.run(_leech(make))


async def _leech(make):
    from dltutor.settings import set_setting
    from dltutor.store import progress
    from dltutor.study.session import rate_card

    set_setting("review.leech_lapses", "1")
    set_setting("review.new_per_day", "0")
    app = make()
    conn = app.services.conn
    card_id = conn.execute("SELECT id FROM cards ORDER BY ord, id LIMIT 1").fetchone()[0]
    rate_card(conn, card_id, 4, FROZEN - timedelta(days=60))  # a review card, long overdue
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        assert screen.card.id == card_id and "1 due" in text(app, "#review-counts")
        await pilot.press("space", "1")
        await pilot.pause()
        assert "This card is a leech: forgotten 1 times." in text(app, "#review-message")
        assert conn.execute("SELECT leech FROM cards WHERE id = ?", (card_id,)).fetchone() == (1,)
