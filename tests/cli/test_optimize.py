"""`dltutor review --optimize`: fits FSRS to the learner's own log once there is enough of it."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.settings import load_settings

runner = CliRunner()


def test_too_few_reviews_is_a_polite_refusal_that_changes_nothing(_isolated_home, course, simulate):
    from dltutor.study.optimize import countable_reviews
    from dltutor.store import db, progress

    ratings = simulate(_isolated_home, course, 5)
    conn = db.connect(_isolated_home / "progress.db")
    usable = countable_reviews(progress.review_logs(conn))
    conn.close()
    result = runner.invoke(app, ["review", "--optimize"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and result.stderr == ""
    assert (f"Not enough reviews to fit your own parameters yet: FSRS needs 512 reviews made on a later day than "
            f"the card's previous one, and you have {usable} (of {ratings} ratings).") in " ".join(result.stdout.split())
    assert "torch" not in result.stdout and load_settings().fsrs_parameters is None
    assert not (_isolated_home / "config.toml").exists()


def test_optimize_fits_saves_and_is_then_used(_isolated_home, course, simulate):
    assert simulate(_isolated_home, course, 120) > 1000
    result = runner.invoke(app, ["review", "--optimize"], env={"DLTUTOR_NOW": "2025-10-01T09:00:00+00:00"})
    assert result.exit_code == 0, result.output
    assert "Log loss on your reviews:" in result.stdout
    m = re.search(r"Log loss on your reviews: ([\d.]+) with the defaults → ([\d.]+) with your parameters", result.stdout)
    before, after = float(m[1]), float(m[2])
    assert after <= before  # fitted on these reviews, it explains them at least as well
    params = load_settings().fsrs_parameters
    assert params is not None and len(params) == 21
    from fsrs.scheduler import DEFAULT_PARAMETERS

    assert params != tuple(DEFAULT_PARAMETERS)
    assert load_settings().scheduler().parameters == params  # what review sessions now schedule with
