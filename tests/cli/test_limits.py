"""Inputs at their limits: clocks, integers, content files that are not files, and the small things.

Each is one line on stderr and exit status 2 (never a traceback), quickly, with nothing written.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dltutor.cli import app

ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin="", **env):
    return CliRunner().invoke(app, args, input=stdin, env=env or None)


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr, repr(result.exception))
    assert len(lines) == 1 and lines[0].startswith("dltutor: error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


# --- clocks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("moment", ["0999-06-01T12:00:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59",
                                    "0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z", "9001-01-01T00:00:00"])
@pytest.mark.parametrize("args", [["cards", "add", "--front", "Q", "--back", "A"], ["stats"], ["review"],
                                  ["quiz", "lecture-1"], ["cards", "list"]])
def test_a_clock_outside_1970_to_9000_is_refused_before_anything_is_written(_isolated_home, moment, args):
    line = one_line(run(args, "3\n", DLTUTOR_NOW=moment))
    assert "outside the years 1970 to 9000" in line
    assert not (_isolated_home / "progress.db").exists()


@pytest.mark.parametrize("moment", ["1970-01-01T00:00:00Z", "9000-12-31T23:59:59Z"])
def test_the_ends_of_the_range_work_and_read_back(_isolated_home, moment):
    assert run(["cards", "add", "--front", "Q", "--back", "A"], DLTUTOR_NOW=moment).exit_code == 0
    result = run(["review"], "3\n", DLTUTOR_NOW=moment)
    assert result.exit_code == 0, result.stderr
    assert run(["cards", "list"], DLTUTOR_NOW=moment).exit_code == 0
    assert run(["stats", "--json"], DLTUTOR_NOW=moment).exit_code == 0


def test_a_stored_time_that_cannot_be_read_back_is_one_line_for_every_command(_isolated_home):
    # What an older dltutor wrote under DLTUTOR_NOW=0999-06-01T12:00:00: a due date of "999-06-01...".
    assert run(["cards", "add", "--front", "Q", "--back", "A"]).exit_code == 0
    conn = sqlite3.connect(_isolated_home / "progress.db", isolation_level=None)
    conn.execute("UPDATE cards SET due = '999-06-01T12:00:00.000000Z', created_at = due WHERE key = 'own/1'")
    conn.close()
    before = (_isolated_home / "progress.db").read_bytes()
    for args in (["review"], ["cards", "list"], ["cards", "suspend", "own/1"], ["cards", "list", "--due"]):
        line = one_line(run(args, "3\n"))
        assert "a time that cannot be read back ('999-06-01T12:00:00.000000Z')" in line, line
    assert (_isolated_home / "progress.db").read_bytes() == before


# --- integers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", ["9223372036854775808", "-9223372036854775809", "1" * 400])
def test_a_seed_that_does_not_fit_sqlite_is_one_line(_isolated_home, seed):
    line = one_line(run(["quiz", "3", "--seed", seed], "x\n"))
    assert "--seed" in line and len(line) < 500
    assert not (_isolated_home / "progress.db").exists()  # refused before the store was opened


def test_the_largest_seed_that_fits_works(_isolated_home):
    result = run(["quiz", "3", "--seed", "9223372036854775807", "--n", "1"], "x\n")
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(_isolated_home / "progress.db")
    assert conn.execute("SELECT seed FROM quiz_attempts").fetchall() == [(9223372036854775807,)]
    conn.close()


@pytest.mark.parametrize("ident", ["9223372036854775808", "99999999999999999999999", "²"])
def test_a_card_id_that_does_not_fit_is_no_such_card(_isolated_home, ident):
    assert "no card named" in one_line(run(["cards", "suspend", ident]))


# --- content files ------------------------------------------------------------------------------

def _validate_quickly(path):
    start = time.perf_counter()
    result = run(["content", "validate", str(path)])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2
    problems = result.stdout.strip().splitlines()
    assert len(problems) == 1, result.stdout
    return problems[0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_content_validate_refuses_a_symlink_to_dev_zero(tmp_path):
    link = tmp_path / "99-zero.yaml"
    link.symlink_to("/dev/zero")
    assert "not a regular file" in _validate_quickly(link)


def test_content_validate_refuses_a_fifo_without_waiting_for_it(tmp_path):
    fifo = tmp_path / "99-fifo.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in _validate_quickly(fifo)


def test_content_validate_refuses_a_50_mb_file_naming_the_limit(tmp_path):
    big = tmp_path / "99-big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB to stat, nothing to write
    problem = _validate_quickly(big)
    assert "50.0 MB" in problem and "limited to 2 MB" in problem


def test_content_validate_reads_a_file_just_under_the_limit(tmp_path):
    from dltutor.course.load import MAX_FILE_BYTES

    lecture = (ROOT / "content" / "lectures" / "03-perceptron-learning.yaml").read_text(encoding="utf-8")
    padded = lecture + "\n" + "#" * (MAX_FILE_BYTES - len(lecture.encode()) - 2) + "\n"
    (tmp_path / "03-perceptron-learning.yaml").write_text(padded, encoding="utf-8")
    assert len(padded.encode()) <= MAX_FILE_BYTES
    result = run(["content", "validate", str(tmp_path / "03-perceptron-learning.yaml")])
    assert result.exit_code == 0, result.stdout


def test_content_validate_in_a_folder_with_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "01-pipe.yaml")
    result = run(["content", "validate", str(tmp_path)])
    assert result.exit_code == 2 and "not a regular file" in result.stdout


# --- the small things -----------------------------------------------------------------------------

def test_config_with_a_utf8_byte_order_mark_is_read(_isolated_home):
    (_isolated_home / "config.toml").write_bytes("\ufeff[review]\nnew_per_day = 5\n".encode("utf-8"))
    result = run(["config", "get", "review.new_per_day"])
    assert result.exit_code == 0 and result.stdout.strip() == "5", result.stderr
    assert run(["config", "set", "review.reviews_per_day", "50"]).exit_code == 0
    assert run(["config", "get", "review.new_per_day"]).stdout.strip() == "5"
    assert run(["config", "get", "review.reviews_per_day"]).stdout.strip() == "50"


@pytest.mark.parametrize("args", [["stats"], ["review"], ["cards", "list"], ["config", "list"],
                                  ["quiz", "lecture-1"], ["backup", "list"]])
def test_a_data_directory_that_is_a_plain_file_is_one_clear_line(tmp_path, args):
    home = tmp_path / "home"
    home.write_text("not a folder")
    line = one_line(run(args, "x\n", DLTUTOR_HOME=str(home)))
    assert f"the data directory {home} is a file, not a folder" in line
    assert home.read_text() == "not a folder"


@pytest.mark.parametrize("args", [
    ["glossary", "x" * 120_000], ["cards", "suspend", "y" * 120_000], ["quiz", "3", "--seed", "z" * 120_000],
    ["review", "--lecture", "w" * 120_000], ["config", "set", "review.new_per_day", "v" * 120_000],
    ["read", "u" * 120_000], ["nope" * 30_000],
])
def test_a_long_argument_is_cut_in_the_error_line(args):
    line = one_line(run(args))
    assert len(line) <= 500, len(line)


def _interpreter_start(env) -> float:
    """How long Python takes to start before it runs any of dltutor (the `-m` machinery included)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import runpy"], env=env, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def test_ctrl_c_in_the_first_tenth_of_a_second_prints_no_traceback(tmp_path):
    """From the moment dltutor's code runs (its imports take ~0.1 s), a Ctrl-C ends it quietly.
    Python's own start-up before that prints its own traceback, out of any program's reach, so the
    signals land after twice the time a bare interpreter takes to start."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DLTUTOR_HOME": str(tmp_path), "COLUMNS": "80"}
    rng = random.Random(7)
    codes = []
    previous = signal.getsignal(signal.SIGINT)
    # A child started from a background job would inherit SIGINT ignored; give it the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        floor = 2 * _interpreter_start(env)
        for _ in range(12):
            child = subprocess.Popen([sys.executable, "-m", "dltutor", "stats"], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
            time.sleep(floor + rng.uniform(0.0, 0.1))
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=30)
            codes.append(child.returncode)
            assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err.decode()
            # -SIGINT: it landed while Python was shutting down (its handlers gone), silently.
            assert child.returncode in (0, 130, -signal.SIGINT), (child.returncode, err.decode())
    finally:
        signal.signal(signal.SIGINT, previous)
    assert 130 in codes  # most land in the imports, where the handler now catches them
