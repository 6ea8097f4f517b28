"""A reader that goes away (`dltutor ... | head`) ends the command quietly, never with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("args", [["glossary"], ["read", "lecture-3", "--no-pager"], ["stats"],
                                  ["demo", "xor", "--no-animate"], ["cards", "list"]])
def test_closed_stdout_gives_no_traceback(args):
    proc = subprocess.Popen([sys.executable, "-m", "dltutor", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "Error" not in err, err
    assert code in (0, 1)  # click's convention for a broken pipe is 1; rich's too
