"""The scheduler's figures in `stats`: retrievability, calibration, retention by week, the year's heatmap,
essays in mastery. Each is recomputed here from the raw rows, with fsrs itself where it predicts."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone

import fsrs
import pytest

from dltutor.settings import SchedulerSettings
from dltutor.store.stats import CALIBRATION_BINS, ESSAY_WEIGHT, collect, lecture_infos
from dltutor.study.scheduler import forgetting_curve

START = datetime(2025, 6, 1, 9, tzinfo=timezone.utc)
DAYS = 150
NOW = START + timedelta(days=DAYS, hours=3)


def _parse(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def learner(tmp_path_factory, course, simulator):
    home = tmp_path_factory.mktemp("memory")
    simulator(home, course, DAYS, start=START)
    return home


@pytest.fixture(scope="module")
def figures(learner, course):
    from dltutor.store import db

    conn = db.connect(learner / "progress.db")
    f = collect(conn, NOW, lectures=lecture_infos(course), desired_retention=0.9, new_per_day=20, rollover_hour=4)
    conn.close()
    json.dumps(f)
    return f


def _rows(learner, sql, *args):
    conn = sqlite3.connect(learner / "progress.db")
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_the_forgetting_curve_is_fsrss_own(course):
    rng = random.Random(3)
    for _ in range(300):
        params = None if rng.random() < 0.5 else tuple(  # a learner's own decay (w₂₀), as the optimizer fits it
            p if i != 20 else rng.uniform(0.11, 0.79) for i, p in enumerate(fsrs.scheduler.DEFAULT_PARAMETERS))
        settings = SchedulerSettings(parameters=params)
        scheduler = fsrs.Scheduler(**({"parameters": params} if params else {}))
        last = START + timedelta(seconds=rng.randrange(10 ** 7))
        now = last + timedelta(seconds=rng.randrange(10 ** 8))
        stability = rng.uniform(0.01, 500)
        card = fsrs.Card(card_id=1, state=fsrs.State.Review, step=None, stability=stability, difficulty=5.0,
                         due=now, last_review=last)
        expected = scheduler.get_card_retrievability(card, now)
        assert forgetting_curve(settings)((now - last).days, stability) == pytest.approx(expected, rel=1e-12)


def test_collection_retrievability_is_the_mean_of_fsrs_over_studied_cards(learner, figures):
    scheduler = fsrs.Scheduler()
    values = []
    for stability, last, state in _rows(learner, "SELECT stability, last_review, state FROM cards WHERE reps > 0 "
                                                 "AND suspended = 0 AND retired = 0"):
        card = fsrs.Card(card_id=1, state=fsrs.State(state), step=None, stability=stability, difficulty=5.0,
                         due=NOW, last_review=_parse(last))
        values.append(scheduler.get_card_retrievability(card, NOW))
    r = figures["retrievability"]
    assert r["cards"] == len(values) > 100
    assert r["mean"] == round(sum(values) / len(values), 4)


def test_retrievability_is_the_same_without_sqlites_math_functions(learner, course, figures, monkeypatch):
    """Where SQLite lacks power(), the Python pass gives the very figures the SQL pass gave."""
    from dltutor.store import db, stats

    assert stats.SQL_MATH
    sqlite3.connect(":memory:").execute("SELECT power(2, 0.5)")  # this SQLite has them: the SQL pass ran above
    monkeypatch.setattr(stats, "SQL_MATH", False)
    conn = db.connect(learner / "progress.db")
    try:
        again = collect(conn, NOW, lectures=lecture_infos(course), desired_retention=0.9, new_per_day=20,
                        rollover_hour=4)
        # Whole days at an exact multiple of a day, and a millisecond short of one: as Python counts them.
        card, kept = conn.execute("SELECT id, last_review FROM cards WHERE reps > 0 AND stability > 0 AND suspended = 0 "
                                  "AND retired = 0 LIMIT 1").fetchone()
        for before in (timedelta(days=3), timedelta(days=3) - timedelta(milliseconds=1), timedelta(0)):
            conn.execute("UPDATE cards SET last_review = ? WHERE id = ?",
                         ((NOW - before).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), card))
            python = stats._collection_recall(conn, NOW, (0.2, -0.5))
            monkeypatch.setattr(stats, "SQL_MATH", True)
            assert stats._collection_recall(conn, NOW, (0.2, -0.5)) == python, before
            monkeypatch.setattr(stats, "SQL_MATH", False)
        conn.execute("UPDATE cards SET last_review = ? WHERE id = ?", (kept, card))  # as the other tests expect it
        conn.commit()
    finally:
        conn.close()
    assert again == figures


def test_each_rating_keeps_what_fsrs_predicted_and_calibration_bins_hold_prediction_to_outcome(learner, figures):
    scheduler = fsrs.Scheduler()
    since = NOW - timedelta(days=365)
    rows = _rows(learner, "SELECT before, reviewed_at, rating, recall FROM review_log WHERE state_before = 2")
    bins = {}
    for before, at, rating, recall in rows:
        s = json.loads(before)["schedule"]
        card = fsrs.Card(card_id=1, state=fsrs.State(s["state"]), step=s["step"], stability=s["stability"],
                         difficulty=s["difficulty"], due=_parse(s["due"]), last_review=_parse(s["last_review"]))
        predicted = scheduler.get_card_retrievability(card, _parse(at))
        assert recall == pytest.approx(predicted, rel=1e-12)  # stored when rated
        if _parse(at) >= since:
            k = max(i for i, lo in enumerate(CALIBRATION_BINS[:-1]) if predicted >= lo)
            bins.setdefault(k, []).append((predicted, rating > 1))
    c = figures["calibration"]
    assert c["reviews"] == sum(len(v) for v in bins.values()) > 300
    assert [(b["from"], b["reviews"]) for b in c["bins"]] == [(CALIBRATION_BINS[k], len(bins[k])) for k in sorted(bins)]
    for b, k in zip(c["bins"], sorted(bins)):
        assert b["predicted"] == round(sum(p for p, _ in bins[k]) / len(bins[k]), 4)
        assert b["recalled"] == round(sum(r for _, r in bins[k]) / len(bins[k]), 4)


@pytest.mark.parametrize("sql_math", [True, False], ids=["sql", "python"])
def test_calibration_computes_the_prediction_of_ratings_logged_before_predictions_were_kept(learner, tmp_path,
                                                                                             figures, course,
                                                                                             sql_math, monkeypatch):
    import shutil

    from dltutor.store import db, stats

    monkeypatch.setattr(stats, "SQL_MATH", sql_math)

    copy = tmp_path / "progress.db"
    shutil.copy(learner / "progress.db", copy)
    raw = sqlite3.connect(copy)
    raw.execute("UPDATE review_log SET recall = NULL WHERE id % 2 = 0")  # as if half were rated by an older dltutor
    raw.commit()
    raw.close()
    conn = db.connect(copy)
    again = collect(conn, NOW, lectures=lecture_infos(course), desired_retention=0.9, new_per_day=20, rollover_hour=4)
    conn.close()
    assert again["calibration"] == figures["calibration"]


def test_retention_by_week_counts_reviews_of_learnt_cards_in_each_week(learner, figures):
    from dltutor.clock import day_start

    end = day_start(NOW, 4) + timedelta(days=1)
    weeks = figures["retention_by_week"]
    assert len(weeks) == 26
    stamps = [(_parse(at), rating) for at, rating in _rows(
        learner, "SELECT reviewed_at, rating FROM review_log WHERE state_before = 2")]
    for k, week in enumerate(weeks):
        lo, hi = end - timedelta(weeks=26 - k), end - timedelta(weeks=25 - k)
        inside = [r for at, r in stamps if lo <= at < hi]
        assert week["week_from"] == lo.date().isoformat() and week["reviews"] == len(inside)
        assert week["retention"] == (round(sum(r > 1 for r in inside) / len(inside), 4) if inside else None)
    assert sum(w["reviews"] for w in weeks) > 0


def test_the_heatmap_has_each_study_day_of_the_year_from_a_monday(learner, figures):
    from dltutor.clock import day_start

    year = figures["year"]
    first = datetime.fromisoformat(year["from"]).date()
    assert first.weekday() == 0 and len(year["days"]) == (day_start(NOW, 4).date() - first).days + 1
    assert 52 * 7 <= len(year["days"]) <= 53 * 7
    stamps = [_parse(at) for (at,) in _rows(learner, "SELECT reviewed_at FROM review_log")]
    start = day_start(NOW, 4) - timedelta(days=len(year["days"]) - 1)
    studied = 0
    for k, count in enumerate(year["days"]):
        lo = start + timedelta(days=k)
        assert count == sum(lo <= at < lo + timedelta(days=1) for at in stamps)
        studied += any(lo <= at < lo + timedelta(days=1) for at in stamps)
    assert year["reviews"] == len(stamps) and year["studied_days"] == studied > 100


def test_essays_done_count_in_mastery_by_the_share_of_key_points_they_address(tmp_path, course):
    from dltutor.store import db, essays

    conn = db.connect(tmp_path / "p.db")
    from dltutor.store.progress import sync_cards
    from dltutor.study.cards import course_cards

    sync_cards(conn, course_cards(course), NOW)
    points = [essays.StoredPoint(f"p{i}", "addressed" if i < 4 else "missing") for i in range(6)]
    done = essays.save_version(conn, "lecture-3", 1, "x\n", words=1, checklist=points, origin="stdin", now=NOW)
    essays.set_done(conn, done.id, NOW)
    essays.save_version(conn, "lecture-3", 2, "y\n", words=1, checklist=points, origin="stdin", now=NOW)  # a draft
    f = collect(conn, NOW, lectures=lecture_infos(course), desired_retention=0.9, new_per_day=20, rollover_hour=4)
    lec3 = next(r for r in f["lectures"] if r["lecture"] == "lecture-3")
    cards = conn.execute("SELECT count(*) FROM cards WHERE lecture = 'lecture-3' AND retired = 0").fetchone()[0]
    # No card is mature; the done essay addresses 4 of its 6 points; the draft earns nothing yet.
    assert lec3["mastery"] == round(ESSAY_WEIGHT * 4 / 6 / (cards + ESSAY_WEIGHT * 2), 4)
    assert (lec3["essays_written"], lec3["essays_done"], lec3["essay_prompts"]) == (2, 1, 2)
    assert f["essays"] == {"prompts": 19, "written": 2, "done": 1, "words": 2}


def test_the_decay_dltutor_uses_without_importing_fsrs_is_fsrss_default():
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from dltutor.study.scheduler import DEFAULT_DECAY, default_parameters

    assert DEFAULT_DECAY == DEFAULT_PARAMETERS[20] == default_parameters()[20]


def test_reading_a_cards_retrievability_does_not_import_fsrs():
    import subprocess
    import sys

    code = ("import sys, datetime as d\n"
            "from dltutor.study.scheduler import Schedule, retrievability\n"
            "t = d.datetime(2026, 1, 1, tzinfo=d.timezone.utc)\n"
            "s = Schedule(due=t, state=2, stability=3.0, difficulty=5.0, last_review=t, reps=2)\n"
            "print(round(retrievability(s, t + d.timedelta(days=3)), 6), 'fsrs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(round(0.9, 6)), "False"]  # after exactly its stability, recall has fallen to 90%
