"""`dltutor review --optimize`: fits FSRS to the learner's own log once there is enough of it."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.settings import load_settings

runner = CliRunner()


def test_too_few_reviews_is_said_plainly(_isolated_home, course, simulate):
    simulate(_isolated_home, course, 5)
    result = runner.invoke(app, ["review", "--optimize"])
    assert result.exit_code == 2
    assert "not enough reviews to optimize yet: FSRS needs 512" in result.stderr
    assert load_settings().fsrs_parameters is None


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
