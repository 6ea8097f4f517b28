"""Speed of the study store at scale: choosing the next card, committing a rating, `dltutor stats`.

Goal (issue 3): with 100,000 cards and 1,000,000 review-log rows, `next_card` and `rate` each at
most 5 ms (median), and `dltutor stats` at most 300 ms of work beyond start-up.

The database is made by the product's own `connect` (schema, WAL) and filled in one transaction:
the course's real cards, then synthetic ones over lecture-1..9 and some own cards (20% new, 5% in
learning, the rest in review with stabilities from 0.1 to 400 days, due from a year ago to a year
ahead, 1% suspended), and three years of ratings (70% Good) ending where today begins, with each
card's reps and lapses matching its log. `next_card` and `rate` are timed in-process the way a
review session calls them, on a connection with the product's pragmas (synchronous=FULL: each
rating is its own fsynced commit); the ratings are undone afterwards, so a database kept with
--db stays as built. `dltutor stats` runs as a command, in rounds interleaved with the start-up
baseline `dltutor config get`, which starts the same CLI but opens no database. Last, what judging
and backing up the file costs (issue 17): SQLite's integrity_check and quick_check, opening it for
a command that reads and for a session that writes, and a backup, on this database and on a
learner's (3,000 cards, 20,000 ratings).

Run: python bench/study_speed.py [--db PATH/progress.db] [--rounds N] [--calls N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ["TZ"] = "UTC"  # study days turn over at 04:00 local time: make that the same everywhere
time.tzset()

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # a source checkout without `pip install -e .`

CARDS = 100_000
REVIEWS = 1_000_000
OWN_CARDS = 500
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)
PICK_GOAL_MS = RATE_GOAL_MS = 5.0
STATS_GOAL_MS = 300.0
BUILT_BY = "bench/study_speed.py v1"


# --- the database -------------------------------------------------------------------------------

def build(path: Path, seed: int = 1, cards: int = CARDS, reviews: int = REVIEWS, own_cards: int = OWN_CARDS) -> None:
    from dltutor.course.load import load_course
    from dltutor.store.db import atomic, connect
    from dltutor.store.progress import day_start, sync_cards, ts
    from dltutor.study.cards import KINDS, course_cards

    rng = random.Random(seed)
    course = load_course()
    conn = connect(path)
    sync_cards(conn, course_cards(course), NOW)  # the course's own cards, as a learner's first session adds them
    conn.execute("PRAGMA synchronous = OFF")  # building only: the measurements reopen with the product's FULL
    first_id = conn.execute("SELECT max(id) FROM cards").fetchone()[0] + 1
    synthetic = cards - (first_id - 1)
    lectures = [(lec.id, lec.number) for lec in course.lectures]
    day = timedelta(days=1)

    # Which cards are studied, and the log that studied them: three years up to today's start.
    kinds = rng.choices(("new", "learning", "review"), weights=(20, 5, 75), k=synthetic)
    studied = [first_id + i for i, kind in enumerate(kinds) if kind != "new"]
    span_start, span_end = NOW - 3 * 365 * day, day_start(NOW, 4)
    span = (span_end - span_start).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(reviews))
    base = int(span_start.timestamp())
    midnight = base - base % 86400
    prefixes = [time.strftime("%Y-%m-%dT", time.gmtime(midnight + d * 86400)) for d in range(3 * 366 + 2)]
    card_of = rng.choices(studied, k=reviews)
    ratings = rng.choices((1, 2, 3, 4), weights=(12, 8, 70, 10), k=reviews)
    states = rng.choices((0, 1, 2, 3), weights=(8, 10, 78, 4), k=reviews)
    # What `rate` stores for undo: the card's schedule before, as JSON of the same shape and size.
    before = json.dumps({"schedule": {"state": 2, "step": None, "stability": 23.417392, "difficulty": 5.981273,
                                      "due": "2025-12-30T09:14:03.512000Z",
                                      "last_review": "2025-12-07T09:12:44.108000Z", "reps": 9, "lapses": 1},
                         "priority": 0, "leech": False})
    reps: dict[int, int] = {}
    lapses: dict[int, int] = {}
    last_seen: dict[int, str] = {}
    log = []
    for n in range(reviews):
        t = base - midnight + offsets[n]
        d, rest = divmod(int(t), 86400)
        stamp = f"{prefixes[d]}{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}.{int(t % 1 * 1e6):06d}Z"
        cid = card_of[n]
        reps[cid] = reps.get(cid, 0) + 1
        if ratings[n] == 1 and states[n] == 2:
            lapses[cid] = lapses.get(cid, 0) + 1
        last_seen[cid] = stamp
        log.append((cid, ratings[n], stamp, rng.randrange(1500, 20000), states[n], f"{n // 40:012x}", before))

    created = ts(span_start)
    rows = []
    for i, kind in enumerate(kinds):
        cid = first_id + i
        own = i < own_cards
        lecture, number = rng.choice(lectures)
        if own:
            key, card_kind, order = f"own/{i + 1}", "own", 1_000_000 + i + 1
            lecture = lecture if rng.random() < 0.5 else None
            front, back = f"My question {i + 1}?", f"My answer {i + 1}, in my own words."
        else:
            card_kind = rng.choice(KINDS[:3])
            key, order, front, back = f"{lecture}/bench/{i}/{card_kind}", number * 1_000_000 + i, None, None
        if kind == "new" or cid not in reps:
            state, step, stability, difficulty, due, last = 1, 0, None, None, created, None
        elif kind == "learning":
            state, step = rng.choice(((1, 0), (1, 1), (3, 0)))
            stability, difficulty = rng.uniform(0.1, 5.0), rng.uniform(1.0, 10.0)
            due, last = ts(NOW + timedelta(minutes=rng.uniform(-180, 60))), last_seen[cid]
        else:
            state, step = 2, None
            stability, difficulty = 10 ** rng.uniform(-1, 2.602), rng.uniform(1.0, 10.0)  # 0.1 .. 400 days
            due, last = ts(NOW + rng.uniform(-365, 365) * day), last_seen[cid]
        lapsed = lapses.get(cid, 0)
        rows.append((cid, key, lecture, card_kind, order, front, back, created, state, step, stability, difficulty,
                     due, last, reps.get(cid, 0), lapsed, int(rng.random() < 0.01), int(lapsed >= 8)))
    with atomic(conn):
        conn.executemany(
            "INSERT INTO cards (id, key, lecture, kind, ord, front, back, created_at, state, step, stability, "
            "difficulty, due, last_review, reps, lapses, suspended, leech) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before, session, before) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", log)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('built_by', ?)", (BUILT_BY,))
    conn.close()


def reusable(path: Path) -> bool:
    """Whether a database this script built is still whole after a sync with the course as it is now.

    Refuses (SystemExit) a database it did not build: --db must never overwrite a learner's progress.
    """
    from dltutor.course.load import load_course
    from dltutor.store.db import connect
    from dltutor.store.progress import sync_cards
    from dltutor.study.cards import course_cards

    conn = connect(path)
    try:
        mark = conn.execute("SELECT value FROM meta WHERE key = 'built_by'").fetchone()
        if not mark or not mark[0].startswith(BUILT_BY.split(" v")[0]):
            raise SystemExit(f"{path} was not built by this benchmark; name a new file to build one there")
        if mark[0] != BUILT_BY:
            return False
        sync_cards(conn, course_cards(load_course()), NOW)  # what `stats` does first
        cards = conn.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0]
        reviews = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        return cards >= CARDS and reviews == REVIEWS
    finally:
        conn.close()


# --- in-process figures -----------------------------------------------------------------------

def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def session_figures(path: Path, calls: int, seed: int = 2) -> dict[str, float]:
    """A review session's two steps, as ReviewSession takes them: pick the next card, rate it."""
    from dltutor.course.load import load_course
    from dltutor.store import progress
    from dltutor.study.session import rate_card
    from dltutor.store.db import connect

    rng = random.Random(seed)
    lectures = [lec.id for lec in load_course().lectures]
    conn = connect(path)  # WAL, synchronous=FULL, busy timeout: as the commands open it
    limits = progress.Limits()  # the defaults: 20 new and 200 reviews a day
    pick, pick_lecture, commit, done = [], [], [], []
    for i in range(calls):
        now = NOW + timedelta(seconds=8 * i)  # a learner's pace: learning steps come back within the run
        start = time.perf_counter()
        card = progress.next_card(conn, now, limits)
        pick.append(time.perf_counter() - start)
        start = time.perf_counter()
        progress.next_card(conn, now, limits, lecture=lectures[i % len(lectures)])
        pick_lecture.append(time.perf_counter() - start)
        rating = rng.choices((1, 2, 3, 4), weights=(12, 8, 70, 10))[0]
        start = time.perf_counter()
        rated = rate_card(conn, card.id, rating, now, session="bench")
        commit.append(time.perf_counter() - start)
        done.append(rated.log_id)
    for log_id in reversed(done):  # leave the database as built
        assert progress.undo(conn, log_id) is not None
    # The call that ends a session: today's limits reached and no learning step due within the
    # learn-ahead window (four hours before NOW, the built learning steps are all later), so every
    # query of next_card runs and finds nothing.
    spent, late = progress.Limits(new_per_day=0, reviews_per_day=0), NOW - timedelta(hours=4)
    end, end_lecture = [], []
    for i in range(calls):
        start = time.perf_counter()
        assert progress.next_card(conn, late, spent) is None
        end.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert progress.next_card(conn, late, spent, lecture=lectures[i % len(lectures)]) is None
        end_lecture.append(time.perf_counter() - start)
    conn.close()
    return {"pick": ms(pick), "pick_lecture": ms(pick_lecture), "rate": ms(commit), "end": ms(end),
            "end_lecture": ms(end_lecture)}


def collect_ms(path: Path, calls: int = 15) -> float:
    from dltutor.course.load import load_course
    from dltutor.store.db import connect
    from dltutor.store.stats import LectureInfo, collect

    lectures = [LectureInfo(lec.id, lec.number, lec.title) for lec in load_course().lectures]
    conn = connect(path)
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        collect(conn, NOW, lectures=lectures, desired_retention=0.9, new_per_day=20, rollover_hour=4)
        samples.append(time.perf_counter() - start)
    conn.close()
    return ms(samples)


def check_figures(path: Path, calls: int = 3) -> dict[str, float]:
    """What judging and backing up the file cost: SQLite's page checks, opening it as a command that
    reads and as a session that writes, and a backup (the backup API's copy, then the kept file)."""
    import sqlite3

    from dltutor.store import backup, health
    from dltutor.store.db import open_db

    conn = health.open_read_only(path)
    out: dict[str, float] = {}
    for pragma in ("integrity_check", "quick_check"):
        samples = []
        for _ in range(calls):
            start = time.perf_counter()
            assert conn.execute(f"PRAGMA {pragma}(3)").fetchall() == [("ok",)]
            samples.append(time.perf_counter() - start)
        out[pragma] = ms(samples)
    for name, write in (("open_read", False), ("open_write", True)):
        samples = []
        for _ in range(calls):
            start = time.perf_counter()
            open_db(path, write=write).close()
            samples.append(time.perf_counter() - start)
        out[name] = ms(samples)
    scratch = Path(tempfile.mkdtemp(prefix="dltutor-bench-backup-"))
    try:
        start = time.perf_counter()
        dst = sqlite3.connect(scratch / "copy.db")
        conn.backup(dst)
        dst.close()
        out["backup_api"] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        backup.copy_to(conn, scratch / "kept.db")
        out["backup_kept"] = (time.perf_counter() - start) * 1000
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    conn.close()
    out["mb"] = health.size_of(path) / health.MB
    return out


# --- the command, against start-up ------------------------------------------------------------

def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def command_figures(home: Path, empty_home: Path, rounds: int) -> dict[str, float]:
    import dltutor

    env = {**os.environ, "DLTUTOR_NOW": NOW.isoformat(), "TZ": "UTC", "COLUMNS": "100"}
    # As in bench/startup.py: installed packages run from byte-code, so let a checkout write its own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(Path(dltutor.__file__).parent.parent),
                                                      os.environ.get("PYTHONPATH"))))
    big, empty = {**env, "DLTUTOR_HOME": str(home)}, {**env, "DLTUTOR_HOME": str(empty_home)}
    dl = [sys.executable, "-m", "dltutor"]
    cases = {
        "baseline": ([*dl, "config", "get", "review.new_per_day"], big),
        "stats_empty": ([*dl, "stats"], empty),
        "stats": ([*dl, "stats"], big),
        "stats_json": ([*dl, "stats", "--json"], big),
    }
    for cmd, case_env in cases.values():  # warm up: byte-code written, content cache made, empty store created
        wall(cmd, case_env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (cmd, case_env) in cases.items():
            times[name].append(wall(cmd, case_env))
    return {name: ms(samples) for name, samples in times.items()}


# --- report -----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a progress.db to build once and reuse (its folder is the data "
                                                "directory the commands see); default: a temporary one")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds of the commands")
    parser.add_argument("--calls", type=int, default=200, help="next_card and rate calls")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="dltutor-bench-"))
    try:
        if args.db:
            if args.db.name != "progress.db":
                parser.error("--db must name a file called progress.db (its folder becomes DLTUTOR_HOME)")
            path = args.db.resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            path = scratch / "home" / "progress.db"
            path.parent.mkdir()
        start = time.perf_counter()
        if path.exists() and reusable(path):
            origin = f"reused {path}"
        else:
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
            build(path)
            origin = f"built in {time.perf_counter() - start:.1f} s"
        empty_home = scratch / "empty"
        empty_home.mkdir()

        session = session_figures(path, args.calls)
        collect = collect_ms(path)
        checks = check_figures(path)
        # The same on a learner's database: 3,000 cards and 20,000 ratings (a year at 55 a day).
        learner = scratch / "learner" / "progress.db"
        learner.parent.mkdir()
        build(learner, cards=3_000, reviews=20_000, own_cards=50)
        small = check_figures(learner, calls=5)
        cli = command_figures(path.parent, empty_home, args.rounds)
        # The sessions above took the day's backup, as a learner's first rating would: a copy of the
        # whole file. Keep the benchmark's folder to the database it built.
        shutil.rmtree(path.parent / "backups", ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    beyond = cli["stats"] - cli["baseline"]
    beyond_json = cli["stats_json"] - cli["baseline"]
    print(f"{CARDS:,} cards, {REVIEWS:,} review-log rows ({origin}); {args.calls} calls, {args.rounds} rounds")
    print(f"{'figure':<46}{'median':>10}{'goal':>10}{'ratio':>8}")
    rows = [
        ("next_card", session["pick"], PICK_GOAL_MS),
        ("next_card, one lecture", session["pick_lecture"], PICK_GOAL_MS),
        ("next_card, limits reached: nothing to show", session["end"], PICK_GOAL_MS),
        ("next_card, limits reached, one lecture", session["end_lecture"], PICK_GOAL_MS),
        ("rate (its own commit, synchronous=FULL)", session["rate"], RATE_GOAL_MS),
        ("stats.collect, in-process", collect, None),
        ("start-up: `dltutor config get` (opens no db)", cli["baseline"], None),
        ("`dltutor stats` on an empty database", cli["stats_empty"], None),
        ("`dltutor stats`", cli["stats"], None),
        ("`dltutor stats --json`", cli["stats_json"], None),
        ("stats work beyond start-up", beyond, STATS_GOAL_MS),
        ("stats --json work beyond start-up", beyond_json, STATS_GOAL_MS),
    ]
    ok = True
    for name, value, goal in rows:
        if goal is None:
            print(f"{name:<46}{value:>7.2f} ms")
            continue
        ok &= value <= goal
        print(f"{name:<46}{value:>7.2f} ms{goal:>7.0f} ms{value / goal:>8.2f}  {'PASS' if value <= goal else 'FAIL'}")
    print(f"of the stats work, the data's share (big database minus empty): {cli['stats'] - cli['stats_empty']:.1f} ms")
    for figures, what, read, write in ((checks, "this", "no page check", "quick_check"),
                                       (small, "a learner's (3,000 cards, 20,000 ratings)", "integrity_check",
                                        "integrity_check")):
        mb = figures["mb"]
        print(f"judging and backing up {what} {mb:,.1f} MB database (store/health.py picks the check by size):")
        for name, key in (("PRAGMA integrity_check", "integrity_check"), ("PRAGMA quick_check", "quick_check"),
                          ("backup API copy", "backup_api"), ("backup as kept (copy, its check, fsync)", "backup_kept")):
            print(f"  {name:<44}{figures[key]:>9.1f} ms  ({figures[key] / mb:.2f} ms/MB)")
        print(f"  {'open for a command that reads (' + read + ')':<44}{figures['open_read']:>9.1f} ms")
        print(f"  {'open for a writing session (' + write + ')':<44}{figures['open_write']:>9.1f} ms")
    print("all within the goals" if ok else "OVER a goal")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
