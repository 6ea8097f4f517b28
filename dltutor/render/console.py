"""The consoles the command line prints to, and paging of long output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

from rich.console import Console


def stdout_console() -> Console:
    # Content is data: never interpret [markup] or :emoji: found in it, never guess highlights.
    return Console(markup=False, emoji=False, highlight=False)


def print_paged(console: Console, *renderables: Any, page: bool = True) -> None:
    """Print, through a pager when stdout is a terminal and the text is taller than it.

    A dumb terminal (TERM=dumb: an editor's shell) gets no pager: less cannot draw there.
    """
    if not (page and console.is_terminal and not console.is_dumb_terminal and sys.stdin.isatty()):
        console.print(*renderables)
        return
    with console.capture() as capture:
        console.print(*renderables)
    text = capture.get()
    if text.count("\n") < console.size.height - 1:
        console.file.write(text)
        return
    pager = os.environ.get("PAGER") or ("less" if shutil.which("less") else "")
    if not pager:
        console.file.write(text)
        return
    env = dict(os.environ)
    # -R shows colours, -F quits at once if the text fits after all, -X leaves it on screen.
    env.setdefault("LESS", "-RFX")
    try:
        proc = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=env)
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(console.encoding or "utf-8", "replace"))
            proc.stdin.close()
        except BrokenPipeError:  # the learner quit the pager early
            pass
        proc.wait()
    except OSError:
        console.file.write(text)
