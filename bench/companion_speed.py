"""Speed of the study companion (issue 15): `dltutor next`, `dltutor cards show`, and export.

Goals: `dltutor next` within 1.5x `dltutor stats`; `dltutor cards show ID` within 1.25x a
one-command Typer app that opens the database as dltutor does for a command that reads (its checks
included) and reads the card and its log (bench/hello_db_app.py); an
export of 10,000 cards within 3 s (`export anki` and `export csv`). `next` and `stats` run on a
learner's database (the course's cards and 2,850 more, 20,000 ratings; bench/study_speed.py's
builder), with a reading, two quizzes and an essay so that every rule of `next` has facts to
read; `cards show` on a card of it with its reviews; the exports on a database of 10,000 cards
(the course's and the learner's own, each with a review). Every figure is measured side by side
with its baseline, interleaved round after round, and printed with its ratio.

Run: python bench/companion_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ["TZ"] = "UTC"
time.tzset()

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # a source checkout without `pip install -e .`

from sidebyside import compare  # noqa: E402  (bench/sidebyside.py, beside this file)
from study_speed import NOW, build  # noqa: E402

EXPORT_CARDS = 10_000
EXPORT_GOAL_S = 3.0


def learner(home: Path) -> int:
    """The learner's database, with what `next` reads beyond cards: reading, quizzes, an essay. Returns a card id."""
    from dltutor.store import activity, db, essays, progress

    build(home / "progress.db", cards=3_000, reviews=20_000, own_cards=50)
    conn = db.connect(home / "progress.db")
    for n in (1, 2, 3):
        activity.record(conn, "read", f"lecture-{n}", "cli", NOW - timedelta(days=4 - n))
    for lecture, verdicts in (("lecture-1", "rrrrp"), ("lecture-2", "rwrw")):
        attempt = progress.start_attempt(conn, lecture, ["short"], 1, len(verdicts), NOW - timedelta(days=1))
        for k, v in enumerate(verdicts, start=1):
            verdict = {"r": "right", "w": "wrong", "p": "partial"}[v]
            progress.save_answer(conn, attempt, k, item_key=f"{lecture}/quiz/{k}", lecture=lecture, type="short",
                                 question="?", response="...", verdict=verdict,
                                 score={"right": 1.0, "partial": 0.5, "wrong": 0.0}[verdict], hit=[], missed=[],
                                 now=NOW - timedelta(days=1))
        progress.finish_attempt(conn, attempt, NOW - timedelta(days=1))
    essays.save_version(conn, "lecture-3", 2, "A perceptron cannot solve XOR.\n", words=6,
                        checklist=[essays.StoredPoint("XOR", "addressed")], origin="stdin", now=NOW)
    # The card `cards show` is timed on: the course card with the longest history (the synthetic
    # cards have no text in the course, so `cards show` refuses them).
    card_id, reviews = conn.execute(
        "SELECT card_id, count(*) FROM review_log JOIN cards ON cards.id = card_id WHERE key NOT LIKE '%/bench/%' "
        "GROUP BY card_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    conn.close()
    print(f"learner: card {card_id} has {reviews} reviews")
    return card_id


def export_store(home: Path) -> None:
    """10,000 cards: the course's, and the learner's own to make up the rest, each reviewed once."""
    from dltutor.course.load import load_course
    from dltutor.store import db, progress
    from dltutor.study.cards import course_cards
    from dltutor.study.session import rate_card

    conn = db.connect(home / "progress.db")
    progress.sync_cards(conn, course_cards(load_course()), NOW)
    have = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    stamp = progress.ts(NOW)
    with db.atomic(conn):
        conn.executemany(
            "INSERT INTO cards (key, lecture, kind, ord, front, back, created_at, due) VALUES (?, ?, 'own', ?, ?, ?, ?, ?)",
            [(f"own/{i}", f"lecture-{i % 9 + 1}", i, f"My question {i}: what is $\\sigma({i})$?",
              f"My answer {i}, with $\\frac{{1}}{{1 + e^{{-{i}}}}}$.", stamp, stamp)
             for i in range(1, EXPORT_CARDS - have + 1)])
    for (cid,) in conn.execute("SELECT id FROM cards ORDER BY id LIMIT 500").fetchall():
        rate_card(conn, cid, 3, NOW)
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == EXPORT_CARDS
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="dltutor-companion-"))
    try:
        env = {**os.environ, "DLTUTOR_NOW": NOW.isoformat(), "TZ": "UTC", "COLUMNS": "100"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        import dltutor

        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(Path(dltutor.__file__).parent.parent),
                                                          os.environ.get("PYTHONPATH"))))
        dl = [sys.executable, "-m", "dltutor"]
        home = scratch / "learner"
        home.mkdir()
        card_id = learner(home)
        env_learner = {**env, "DLTUTOR_HOME": str(home)}
        print("\n`dltutor next` against `dltutor stats` (a learner's database)")
        code = compare({"baseline: dltutor stats": [*dl, "stats"], "dltutor next": [*dl, "next"],
                        "dltutor next --json": [*dl, "next", "--json"]}, env_learner, args.rounds, 1.5)
        print("\n`dltutor cards show` against a one-command Typer app that opens the database")
        code |= compare({"baseline: typer + database": [sys.executable, str(HERE / "hello_db_app.py"), str(card_id)],
                         "dltutor cards show": [*dl, "cards", "show", str(card_id)],
                         "dltutor cards show --json": [*dl, "cards", "show", str(card_id), "--json"]},
                        env_learner, args.rounds, 1.25)

        ex = scratch / "export"
        ex.mkdir()
        export_store(ex)
        out = scratch / "out"
        out.mkdir()
        env_export = {**env, "DLTUTOR_HOME": str(ex)}
        print(f"\nexport of {EXPORT_CARDS:,} cards (goal: at most {EXPORT_GOAL_S:g} s each; ratio to the goal)")
        import statistics
        import subprocess

        times: dict[str, list[float]] = {"export anki": [], "export csv": []}
        commands = {"export anki": [*dl, "export", "anki", str(out / "deck.apkg"), "--force"],
                    "export csv": [*dl, "export", "csv", str(out), "--force"]}
        for cmd in commands.values():
            subprocess.run(cmd, env=env_export, check=True, stdout=subprocess.DEVNULL)  # warm up
        for _ in range(max(3, args.rounds // 3)):
            for name, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, env=env_export, check=True, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
        print(f"{'command':<16}{'median s':>10}{'ratio':>8}")
        for name, samples in times.items():
            med = statistics.median(samples)
            code |= med > EXPORT_GOAL_S
            print(f"{name:<16}{med:>10.3f}{med / EXPORT_GOAL_S:>8.2f}   "
                  f"{'within' if med <= EXPORT_GOAL_S else 'OVER'} the goal of {EXPORT_GOAL_S:g} s")
        import sqlite3
        import zipfile

        with zipfile.ZipFile(out / "deck.apkg") as z:
            (scratch / "c.anki2").write_bytes(z.read("collection.anki2"))
        notes = sqlite3.connect(scratch / "c.anki2").execute("SELECT count(*) FROM notes").fetchone()[0]
        print(f"the package holds {notes:,} notes")
        return code
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
