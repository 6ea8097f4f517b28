"""`dltutor export`: the Anki package opened as Anki would (a zip holding an SQLite collection), GUIDs
stable across exports, CSV with the optimizer's columns, and every refusal of a bad path in one line."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100"})


def ok(*args, input=None):
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def _collection(apkg: Path, tmp_path: Path):
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist() and json.loads(z.read("media")) == {}
        db = tmp_path / f"{apkg.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def _decks(conn):
    return {int(k): v["name"] for k, v in json.loads(conn.execute("SELECT decks FROM col").fetchone()[0]).items()}


def _history(home):
    """A review of one card, an own card, one card suspended: what the export must and must not carry."""
    ok("review", input="3\n3\n")
    ok("cards", "add", "--front", "What is $\\sigma(0)$?", "--back", "½, & <not> a tag", "--lecture", "lecture-1")
    ok("cards", "suspend", "lecture-3/glossary/epoch/term-to-definition")


def test_the_package_is_an_anki_collection_with_a_note_per_card_not_suspended(_isolated_home, tmp_path, course):
    _history(_isolated_home)
    target = tmp_path / "deck.apkg"
    out = ok("export", "anki", str(target))
    store = sqlite3.connect(_isolated_home / "progress.db")
    expected = store.execute("SELECT count(*) FROM cards WHERE suspended = 0 AND retired = 0").fetchone()[0]
    lectures = {lec for (lec,) in store.execute(
        "SELECT DISTINCT lecture FROM cards WHERE suspended = 0 AND retired = 0")}
    conn = _collection(target, tmp_path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == expected
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == expected  # Basic: one card a note
    assert f"Wrote {expected:,} notes in {len(lectures)} decks" in out
    assert "Review history is not carried" in out
    # One deck per lecture under the parent deck, each note in its lecture's deck.
    decks = _decks(conn)
    names = {decks[d] for (d,) in conn.execute("SELECT DISTINCT did FROM cards")}
    assert names == {f"dltutor::Lecture {course.lecture(lec).number}: {course.lecture(lec).title}" for lec in lectures}
    for lecture in course.lectures:  # and each note sits in its own lecture's deck
        deck = next(k for k, v in decks.items() if v == f"dltutor::Lecture {lecture.number}: {lecture.title}")
        tagged = {nid for nid, t in conn.execute("SELECT id, tags FROM notes") if f" {lecture.id} " in t}
        assert tagged == {nid for (nid,) in conn.execute("SELECT nid FROM cards WHERE did = ?", (deck,))}
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    (model,) = models.values()  # Anki's Basic note type, as genanki ships it: two fields, one card
    assert model["name"].startswith("Basic") and len(model["tmpls"]) == 1
    assert [f["name"] for f in model["flds"]] == ["Front", "Back"]
    # The own card: math as Unicode, HTML escaped, tagged with its lecture and kind.
    fields, tags = next((f, t) for f, t in conn.execute("SELECT flds, tags FROM notes") if "σ" in f)
    front, back = fields.split("\x1f")
    assert front == "What is σ(0)?" and back == "½, &amp; &lt;not&gt; a tag"
    assert set(tags.split()) == {"dltutor", "lecture-1", "own"}
    # No LaTeX left anywhere, and every note is tagged with a lecture and a kind.
    assert not any("$" in f for (f,) in conn.execute("SELECT flds FROM notes"))
    kinds = {"term-to-definition", "definition-to-term", "question-to-answer", "own"}
    for (t,) in conn.execute("SELECT tags FROM notes"):
        parts = set(t.split())
        assert "dltutor" in parts and parts & kinds and any(p.startswith("lecture-") for p in parts)
    # The suspended card is not there.
    epoch = "Epoch"
    assert not any(f.startswith(epoch + "\x1f") for (f,) in conn.execute("SELECT flds FROM notes"))


def test_guids_are_the_same_in_two_exports_so_reimporting_updates(_isolated_home, tmp_path):
    _history(_isolated_home)
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    ok("export", "anki", str(first))
    ok("review", input="1\n")  # the learner goes on between the two exports
    ok("export", "anki", str(second))
    a = dict(_collection(first, tmp_path).execute("SELECT guid, flds FROM notes"))
    b = dict(_collection(second, tmp_path).execute("SELECT guid, flds FROM notes"))
    assert a.keys() == b.keys() and len(a) > 100 and len(set(a)) == len(a)
    assert a == b  # same notes, same content, same GUIDs
    da, db = _decks(_collection(first, tmp_path)), _decks(_collection(second, tmp_path))
    assert {v for v in da.values()} == {v for v in db.values()} and da == db  # deck ids stable too


def test_lecture_limits_the_package_to_that_lecture(_isolated_home, tmp_path, course):
    target = tmp_path / "l3.apkg"
    ok("export", "anki", str(target), "--lecture", "3")
    conn = _collection(target, tmp_path)
    lecture = course.lecture("lecture-3")
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == len(lecture.quiz) + 2 * len(lecture.glossary)
    assert set(_decks(conn)[d] for (d,) in conn.execute("SELECT DISTINCT did FROM cards")) == {
        "dltutor::Lecture 3: Perceptron Learning"}


def test_csv_has_the_optimizers_columns_one_row_a_rating(_isolated_home, tmp_path):
    _history(_isolated_home)
    out = ok("export", "csv", str(tmp_path))
    log = list(csv.DictReader((tmp_path / "review_log.csv").open(encoding="utf-8")))
    store = sqlite3.connect(_isolated_home / "progress.db")
    rows = store.execute("SELECT card_id, reviewed_at, rating, state_before, duration_ms FROM review_log "
                         "ORDER BY reviewed_at, id").fetchall()
    assert list(log[0]) == ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
    assert len(log) == len(rows) == 2
    for got, (card_id, at, rating, state, ms) in zip(log, rows):
        when = datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        assert int(got["card_id"]) == card_id and int(got["review_rating"]) == rating
        assert int(got["review_time"]) == round(when.timestamp() * 1000) and int(got["review_state"]) == state
        assert got["review_duration"] == ("" if ms is None else str(ms))
    cards = list(csv.DictReader((tmp_path / "cards.csv").open(encoding="utf-8")))
    assert len(cards) == store.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0]
    reviewed = {int(r["card_id"]) for r in log}
    assert {c["state"] for c in cards if int(c["card_id"]) in reviewed} <= {"learning", "review"}
    own = next(c for c in cards if c["kind"] == "own")
    assert own["front"] == "What is σ(0)?" and own["back"] == "½, & <not> a tag"
    assert f"Wrote {len(cards):,} cards" in out and "2 reviews" in out


def test_an_existing_file_is_refused_without_force_and_replaced_with_it(_isolated_home, tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"mine")
    result = run("export", "anki", str(target))
    assert result.exit_code == 2 and result.stderr == f"dltutor: error: {target} already exists; add --force to replace it\n"
    assert target.read_bytes() == b"mine"
    ok("export", "anki", str(target), "--force")
    assert zipfile.is_zipfile(target)
    (tmp_path / "cards.csv").write_text("mine")
    result = run("export", "csv", str(tmp_path))
    assert result.exit_code == 2 and "cards.csv already exists; add --force" in result.stderr
    assert (tmp_path / "cards.csv").read_text() == "mine" and not (tmp_path / "review_log.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.csv", "deck.apkg"]  # no scratch files left


@pytest.mark.parametrize("args, says", [
    (["export", "anki", "{tmp}/no/such/deck.apkg"], "the folder {tmp}/no/such does not exist"),
    (["export", "anki", "{tmp}"], "is a folder; give a file name"),
    (["export", "csv", "{tmp}/missing"], "it does not exist"),
    (["essay", "export", "-o", "{tmp}/no/x.md"], "does not exist"),
])
def test_a_missing_folder_is_one_line_and_exit_two(_isolated_home, tmp_path, args, says):
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert says.replace("{tmp}", str(tmp_path)) in result.stderr and "Traceback" not in result.output


def test_a_read_only_folder_is_one_line_and_exit_two_for_a_learner_without_roots_override(_isolated_home):
    top = Path(tempfile.mkdtemp(prefix="dltutor-ro-export-"))
    top.chmod(0o755)
    folder = top / "ro"
    folder.mkdir(mode=0o555)
    try:
        run("export", "anki", str(top / "warm.apkg"))  # imports done as root, before dropping privileges
        root = os.geteuid() == 0
        if root:  # as root (CI) the folder's mode would not bind: become the learner `nobody`
            os.setegid(65534)
            os.seteuid(65534)
        try:
            assert not os.access(folder, os.W_OK, effective_ids=True)  # the override is really gone
            results = [run("export", "anki", str(folder / "deck.apkg")), run("export", "csv", str(folder))]
        finally:
            if root:
                os.seteuid(0)
                os.setegid(0)
        for result in results:
            assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "is read-only" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
        import shutil

        shutil.rmtree(top)
