"""The schema, as forward-only named migrations recorded in `_migrations` (after simonw/llm).

Each migration and the row that records it commit in one transaction, so a killed upgrade is
either done or not started. Never edit a released migration: add the next one, a function named
`mNNN_what_it_adds` under `@migration`, and nothing else needs to change.

A leaf: it knows SQL and nothing of dltutor. Deciding what a database that fails these checks
means for the learner is `db`'s job.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []
_MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must stay inside its transaction.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


@migration
def m001_cards_and_reviews(conn: sqlite3.Connection) -> None:
    _run(conn, """
    CREATE TABLE cards (
        id INTEGER PRIMARY KEY,                  -- also the card id fsrs sees
        key TEXT NOT NULL UNIQUE,                -- lecture-3/glossary/learning-rate/term-to-definition
        lecture TEXT,                            -- lecture-3; NULL for an own card without one
        kind TEXT NOT NULL,                      -- term-to-definition, definition-to-term, question-to-answer, own
        ord INTEGER NOT NULL DEFAULT 0,          -- course order, for introducing new cards
        front TEXT,                              -- own cards only: content cards are drawn from the course
        back TEXT,
        created_at TEXT NOT NULL,
        state INTEGER NOT NULL DEFAULT 1,        -- fsrs State: 1 learning, 2 review, 3 relearning
        step INTEGER DEFAULT 0,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,         -- 0 means new: never rated
        lapses INTEGER NOT NULL DEFAULT 0,       -- forgotten after graduating (Again in review)
        priority INTEGER NOT NULL DEFAULT 0,     -- 1: missed in a quiz, show before other new cards
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        retired INTEGER NOT NULL DEFAULT 0       -- its content is gone from the course; history kept
    );
    CREATE INDEX cards_due ON cards(due) WHERE reps > 0 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_learning ON cards(due) WHERE reps > 0 AND state != 2 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_lecture_due ON cards(lecture, due) WHERE reps > 0 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_lecture_learning ON cards(lecture, due) WHERE reps > 0 AND state != 2 AND suspended = 0
        AND retired = 0;
    CREATE INDEX cards_new ON cards(priority DESC, ord, id) WHERE reps = 0 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_lecture_new ON cards(lecture, priority DESC, ord, id)
        WHERE reps = 0 AND suspended = 0 AND retired = 0;
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES cards(id),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        duration_ms INTEGER,
        state_before INTEGER NOT NULL,           -- 0 new, else the fsrs State before the rating
        session TEXT,
        before TEXT NOT NULL                     -- the card's schedule before, as JSON, for undo
    );
    CREATE INDEX review_log_time ON review_log(reviewed_at);
    CREATE INDEX review_log_card ON review_log(card_id, reviewed_at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)  -- e.g. the synced course's fingerprint
    """)


@migration
def m002_quiz_attempts(conn: sqlite3.Connection) -> None:
    _run(conn, """
    CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,                        -- NULL: interrupted or killed; its answers still count
        scope TEXT NOT NULL,                     -- lecture-3, or "all"
        types TEXT NOT NULL,                     -- short,choice,cloze
        seed INTEGER,
        planned INTEGER NOT NULL
    );
    CREATE TABLE quiz_answers (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id),
        position INTEGER NOT NULL,
        item_key TEXT NOT NULL,
        lecture TEXT NOT NULL,
        type TEXT NOT NULL,
        question TEXT NOT NULL,
        response TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('right', 'partial', 'wrong')),
        score REAL NOT NULL,
        key_points_hit TEXT NOT NULL,            -- JSON list
        key_points_missed TEXT NOT NULL,         -- JSON list
        overridden INTEGER NOT NULL DEFAULT 0,   -- the learner overrode the grader's verdict
        answered_at TEXT NOT NULL,
        UNIQUE (attempt_id, position)
    );
    CREATE INDEX quiz_answers_lecture ON quiz_answers(lecture, answered_at)
    """)


@migration
def m003_essay_drafts(conn: sqlite3.Connection) -> None:
    _run(conn, """
    CREATE TABLE essay_drafts (
        id INTEGER PRIMARY KEY,
        lecture TEXT NOT NULL,
        prompt INTEGER NOT NULL,                 -- 1-based, in the lecture's order
        text TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )
    """)


@migration
def m004_practice(conn: sqlite3.Connection) -> None:
    _run(conn, """
    CREATE TABLE practice_answers (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL,                   -- one sitting of `dltutor practice` or the app's screen
        position INTEGER NOT NULL,               -- 1-based within the session
        kind TEXT NOT NULL,                      -- conv-output-size, softmax, ...
        lecture TEXT NOT NULL,
        seed INTEGER NOT NULL,                   -- the problem again: the same kind and seed give the same numbers
        params TEXT NOT NULL,                    -- JSON
        question TEXT NOT NULL,
        response TEXT NOT NULL,                  -- as typed; '' for a skip
        expected TEXT NOT NULL,                  -- JSON: a number or a list
        verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'skipped')),
        slip TEXT,                               -- the mistake named to the learner, if one fitted
        answered_at TEXT NOT NULL,
        UNIQUE (session, position)
    );
    CREATE INDEX practice_answers_lecture ON practice_answers(lecture, id);
    CREATE INDEX practice_answers_kind ON practice_answers(kind, id)
    """)


@migration
def m005_essays_activity_points(conn: sqlite3.Connection) -> None:
    # Essay versions carry what the checklist said when saved, so list and stats never re-grade;
    # `activity` is the one record of reading (and demos run) that the command line and the app share;
    # a quiz answer's score becomes the points it earned, which is what every figure counts; a rating
    # keeps the schedule it gave (`cards show` states each interval as scheduled) and the recall FSRS
    # predicted for it (the calibration in `stats`).
    _run(conn, """
    ALTER TABLE essay_drafts ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE essay_drafts ADD COLUMN checklist TEXT NOT NULL DEFAULT '[]';  -- JSON [{point, status, quote}]
    ALTER TABLE essay_drafts ADD COLUMN origin TEXT NOT NULL DEFAULT 'editor';  -- editor, terminal, stdin, app, recovered
    ALTER TABLE essay_drafts ADD COLUMN done_at TEXT;                           -- set on the version marked done
    CREATE INDEX essay_drafts_prompt ON essay_drafts(lecture, prompt, id);
    CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,                      -- read (a lecture, topic or page), demo
        subject TEXT NOT NULL,                   -- lecture-3, perceptrons, xor
        at TEXT NOT NULL,
        via TEXT NOT NULL                        -- cli or app
    );
    CREATE INDEX activity_kind ON activity(kind, subject, at);
    CREATE INDEX quiz_answers_item ON quiz_answers(item_key, id);
    ALTER TABLE review_log ADD COLUMN after TEXT;   -- the schedule the rating gave, as JSON (NULL before m005)
    ALTER TABLE review_log ADD COLUMN recall REAL;  -- FSRS's predicted chance of recall when rated (NULL: new)
    UPDATE quiz_answers SET score = CASE verdict WHEN 'right' THEN 1.0 WHEN 'partial' THEN 0.5 ELSE 0.0 END
    """)


@migration
def m006_skipped_quiz_answers(conn: sqlite3.Connection) -> None:
    # An empty answer is a skip, recorded as such rather than graded wrong. SQLite cannot change a
    # CHECK constraint in place, so the table is rebuilt (its rows, ids and indexes kept) in this
    # migration's transaction. Nothing references quiz_answers.
    _run(conn, """
    CREATE TABLE quiz_answers_new (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id),
        position INTEGER NOT NULL,
        item_key TEXT NOT NULL,
        lecture TEXT NOT NULL,
        type TEXT NOT NULL,
        question TEXT NOT NULL,
        response TEXT NOT NULL,                  -- as typed; '' for a skip
        verdict TEXT NOT NULL CHECK (verdict IN ('right', 'partial', 'wrong', 'skipped')),
        score REAL NOT NULL,
        key_points_hit TEXT NOT NULL,            -- JSON list
        key_points_missed TEXT NOT NULL,         -- JSON list
        overridden INTEGER NOT NULL DEFAULT 0,   -- the learner overrode the grader's verdict
        answered_at TEXT NOT NULL,
        UNIQUE (attempt_id, position)
    );
    INSERT INTO quiz_answers_new (id, attempt_id, position, item_key, lecture, type, question, response, verdict,
                                  score, key_points_hit, key_points_missed, overridden, answered_at)
        SELECT id, attempt_id, position, item_key, lecture, type, question, response, verdict,
               score, key_points_hit, key_points_missed, overridden, answered_at FROM quiz_answers;
    DROP TABLE quiz_answers;
    ALTER TABLE quiz_answers_new RENAME TO quiz_answers;
    CREATE INDEX quiz_answers_lecture ON quiz_answers(lecture, answered_at);
    CREATE INDEX quiz_answers_item ON quiz_answers(item_key, id)
    """)


@migration
def m007_stats_covering_indexes(conn: sqlite3.Connection) -> None:
    # Indexes that hold every column stats reads, so each of its passes walks an index alone instead
    # of looking up rows in the table (measured at 100,000 cards and 1,000,000 ratings: the year of
    # reviews read per day, per week, for calibration and retention 120 ms faster; the per-lecture
    # figures 78 -> 27 ms; the collection's retrievability 55 -> 39 ms).
    _run(conn, """
    CREATE INDEX review_log_time_cover ON review_log(reviewed_at, state_before, rating, recall);
    DROP INDEX review_log_time;
    CREATE INDEX cards_recall ON cards(stability, last_review) WHERE reps > 0 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_lecture_figures ON cards(lecture, reps, stability, due, priority)
        WHERE suspended = 0 AND retired = 0
    """)


def applied(conn: sqlite3.Connection) -> list[str] | None:
    """The names recorded in `_migrations`, oldest first; None if the table is not there. Reads only."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone():
        return None
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def unknown(conn: sqlite3.Connection) -> list[str]:
    """Recorded migrations this dltutor does not have: a newer dltutor wrote the file. Reads only."""
    known = {fn.__name__ for fn in MIGRATIONS}
    return [name for name in applied(conn) or [] if name not in known]


def pending(conn: sqlite3.Connection, upto: int | None = None) -> list[Migration]:
    """The migrations `migrate` would apply. Reads only."""
    done = set(applied(conn) or [])
    return [fn for fn in MIGRATIONS[:upto] if fn.__name__ not in done]


def expected_objects(names: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """(type, name) of every table and index that the named migrations (all by default) make.

    Read from a scratch in-memory database, so it is the schema the migrations really build.
    """
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    try:
        scratch.execute(_MIGRATIONS_TABLE)
        for fn in MIGRATIONS:
            if names is None or fn.__name__ in names:
                fn(scratch)
        return set(scratch.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')"))
    finally:
        scratch.close()


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> list[str]:
    """Apply what is missing, each migration in its own transaction; returns the names applied.

    Writes nothing when nothing is missing: even `_migrations` is created inside the first
    migration's transaction.
    """
    done = []
    for fn in pending(conn, upto):
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_MIGRATIONS_TABLE)
            # Another session may have applied it while we waited for the lock.
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (fn.__name__,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                         (fn.__name__, datetime.now(timezone.utc).isoformat(timespec="seconds")))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(fn.__name__)
    return done
