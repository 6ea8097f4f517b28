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


def test_damage_inside_the_database_is_one_line_naming_the_backup_before_the_app_starts(_isolated_home):
    from typer.testing import CliRunner

    from dltutor.cli import app

    assert CliRunner().invoke(app, ["cards", "add", "--front", "Q", "--back", "A"]).exit_code == 0
    assert CliRunner().invoke(app, ["backup", "now"]).exit_code == 0
    db = _isolated_home / "progress.db"
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[2 * page:3 * page] = bytes(page)  # the third page zeroed: the header and size are still right
    db.write_bytes(bytes(data))
    t = Pty(home=_isolated_home)
    t.wait_for("dltutor backup restore progress-")
    assert t.close() == 2
    assert "Traceback" not in t.screen and "damaged" in t.screen and db.read_bytes() == bytes(data)
