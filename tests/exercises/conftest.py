"""One warm checker for the whole session: each check forks from it, so dozens of checks stay fast."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def checker():
    from dltutor.exercises.runner import Checker

    with Checker(time_limit=10.0) as warm:
        yield warm


@pytest.fixture
def workspace(tmp_path):
    from dltutor.exercises.workspace import init, load

    init(tmp_path / "ws")
    return load((tmp_path / "ws").resolve())


def write(workspace, name, source):
    from dltutor.exercises.registry import find_exercise

    info = find_exercise(name)
    workspace.path(info).write_text(source, encoding="utf-8")
    return info
