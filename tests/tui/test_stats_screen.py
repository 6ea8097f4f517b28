"""The stats screen draws collect()'s figures and reads them again when it comes back into view."""

from __future__ import annotations

import asyncio
from datetime import timedelta


def _text(screen, name):
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=76, record=True, color_system=None)
    console.print(screen.query_one(f"#{name}").content)
    return console.export_text()


def test_stats_shows_the_numbers_of_collect_and_refreshes(make):
    asyncio.run(_stats(make))


async def _stats(make):
    from dltutor.store import progress
    from dltutor.study.session import rate_card
    from dltutor.tui.screens.stats import StatsScreen
    from dltutor.tui.widgets.stats_figures import collect_figures

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        services = app.services
        conn, now = services.conn, services.clock()
        ids = [cid for (cid,) in conn.execute("SELECT id FROM cards WHERE lecture = 'lecture-2' ORDER BY id")]
        for day in (9, 6, 2):  # three study days; the cards come due again before now
            for cid in ids[:4]:
                rate_card(conn, cid, 3 if day != 2 or cid != ids[0] else 1, now - timedelta(days=day))
        attempt = progress.start_attempt(conn, "lecture-2", ["short"], 1, 2, now)
        for pos, verdict in enumerate(["right", "wrong"], 1):
            progress.save_answer(conn, attempt, pos, item_key=f"k{pos}", lecture="lecture-2", type="short",
                                 question="?", response="!", verdict=verdict, score=float(verdict == "right"),
                                 hit=[], missed=[], now=now)

        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        f = collect_figures(services)
        assert screen.figures == f
        assert f["reviews_total"] == 12 and f["due_now"] == 1

        due = _text(screen, "due")
        assert f"today: {f['due_today']} cards ({f['due_now']} due now, {f['new_available']} new)" in due
        assert f["due_today"] == f["due_now"] + f["new_available"] and f["due_later_today"] == 0
        assert due.splitlines()[1].startswith("today") and due.splitlines()[1].endswith(f" {f['upcoming'][0]['due']}")
        assert len(due.splitlines()) == 8
        reviews = _text(screen, "reviews")
        assert ("12 in 30 days · 0 today · 12 in all · streak 0 days · busiest day 4") in reviews
        r = f["retention"]
        retention = _text(screen, "retention")
        assert f"{r['measured']:.1%}  over {r['reviews']} reviews" in retention and "90%" in retention
        mastery = _text(screen, "mastery").splitlines()
        assert len(mastery) == 10 and "Perceptron Stu" in mastery[2]
        lec2 = f["lectures"][1]
        assert f"{lec2['studied']}/{lec2['cards']}" in mastery[2]
        assert mastery[2].split()[-3:] == ["50%", "–", "0/2"]  # quiz score, no practice yet, no essay done
        memory = " ".join(_text(screen, "memory").split())
        assert f"retrievability now {f['retrievability']['mean']:.1%}" in memory
        assert f"of your {f['retrievability']['cards']} studied cards" in memory
        learnt = conn.execute("SELECT count(*) FROM review_log WHERE state_before = 2").fetchone()[0]
        assert f["calibration"]["reviews"] == learnt > 0 and f"calibration over {learnt} reviews" in memory
        year = _text(screen, "year").splitlines()
        assert len(year) == 9 and year[1].startswith("Mon ")  # months, seven weekdays, the legend
        assert sum(line.count("░") + line.count("▒") + line.count("▓") + line.count("█") for line in year[1:8]) == 3
        assert "lecture-2   1/2 (50%)  (stopped early)" in _text(screen, "quizzes")

        rate_card(conn, ids[5], 3, now)  # reviewed elsewhere: the screen shows it on return
        await app.run_action("home")
        await app.run_action("stats")
        await pilot.pause()
        assert app.screen.figures["reviews_today"] == 1
        assert "13 in 30 days · 1 today · 13 in all" in _text(app.screen, "reviews")


def test_snapshot_stats_fresh(make, snap_compare):
    assert snap_compare(make(), press=["s"], terminal_size=(80, 24))
