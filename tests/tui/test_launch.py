"""`dltutor` alone: the app in a terminal (a real pty), one clear line when its data is broken."""

from __future__ import annotations

import sys

import pytest
from ptyrun import Pty  # tests/ptyrun.py

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_dltutor_alone_opens_the_app_and_ctrl_q_quits(_isolated_home):
    t = Pty(home=_isolated_home)
    t.wait_for("Lectures")
    t.wait_for("Perceptron Learning")
    t.send("\x11")  # Ctrl+Q
    assert t.close() == 0
    assert (_isolated_home / "progress.db").exists()


@pytest.mark.parametrize("name, content, message", [
    ("progress.db", b"not a database at all", "not an SQLite database"),
    ("config.toml", b"[review\n", "not valid TOML"),
])
def test_broken_data_is_one_line_before_the_app_starts(_isolated_home, name, content, message):
    (_isolated_home / name).write_bytes(content)
    t = Pty(home=_isolated_home)
    t.wait_for(message)
    assert t.close() == 2
    assert "Traceback" not in t.screen and (_isolated_home / name).read_bytes() == content
