"""Reading the learner's answers: a terminal with line editing and single keys, or a script.

When stdin is not a terminal, every step reads exactly one line: a session driven by a file or a
pipe never asks twice and never waits for a key. Input is decoded as UTF-8 with replacement, so
no byte sequence can break a session, and a line is capped so a huge paste cannot stall it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from dltutor.render.fast import Styled, use_color, width, wrap
from dltutor.textsafe import clean_line, clean_text

MAX_LINE = 64 * 1024  # bytes kept from one line of input; the rest of the line is read and dropped


class Terminal:
    """Output with optional colour and input from a terminal or a script."""

    def __init__(self, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.out = out or sys.stdout
        self.interactive = _isatty(self.stdin)
        self.s = Styled(use_color(self.out))
        self.width = min(width(), 100)
        self._cbreak = False
        self._typed = ""
        if self.interactive and hasattr(self.stdin, "reconfigure"):
            self.stdin.reconfigure(errors="replace")  # a stray non-UTF-8 byte must not end the session

    # --- output ---
    def say(self, text: str = "", style: str | None = None) -> None:
        """A line as written; one longer than the terminal is wrapped at spaces, keeping its indent."""
        for line in clean_text(text).split("\n"):
            if len(line) > self.width:
                indent = line[:len(line) - len(line.lstrip(" "))]
                lines = wrap(line, self.width, indent)
            else:
                lines = [line]
            for part in lines:
                self.out.write((self.s.style(part, style) if style else part) + "\n")
        self.out.flush()

    def para(self, text: str, indent: str = "", style: str | None = None) -> None:
        """A paragraph (or several, split on newlines) wrapped to the terminal."""
        for block in clean_text(text).split("\n"):
            for line in wrap(block, self.width, indent) or [indent]:
                self.out.write((self.s.style(line, style) if style else line) + "\n")
        self.out.flush()

    # --- input ---
    def ask(self, prompt: str) -> str | None:
        """One line of input; None at end of input."""
        if self.interactive:
            try:
                return input(self.s.style(prompt, "bold"))
            except EOFError:
                self.out.write("\n")
                return None
        self.out.write(prompt)
        line = _read_line(self.stdin)
        if line is None:
            self.out.write("\n")
            self.out.flush()
            return None
        shown = clean_line(line)
        self.out.write((shown if len(shown) <= 200 else shown[:199] + "…") + "\n")
        self.out.flush()
        return line

    @contextmanager
    def keys(self) -> Iterator[None]:
        """Single-key mode for a whole session, so a key pressed early is neither lost nor echoed."""
        if not self.interactive or os.name != "posix" or self._cbreak:
            yield
            return
        import termios
        import tty

        fd = self.stdin.fileno()
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd, termios.TCSANOW)  # keys arrive one by one; Ctrl-C still interrupts
        self._cbreak = True
        try:
            yield
        finally:
            self._cbreak = False
            termios.tcsetattr(fd, termios.TCSANOW, saved)

    def key(self, prompt: str) -> str | None:
        """A single key press in a terminal (no Enter needed); a line in a script. None at end of input."""
        if not self.interactive or os.name != "posix":
            return self.ask(prompt)
        self.out.write(self.s.style(prompt, "bold"))
        self.out.flush()
        if not self._typed:  # keys typed ahead arrive together: keep them for the next prompts
            with self.keys():
                raw = os.read(self.stdin.fileno(), 64)
            self._typed = raw.decode("utf-8", "replace") if raw else "\x04"
        char, self._typed = self._typed[0], self._typed[1:]
        if char == "\x04":  # end of input, Ctrl-D
            self._typed = ""
            self.out.write("\n")
            return None
        self.out.write((clean_line(char) if char.strip() else "") + "\n")
        self.out.flush()
        return char


@contextmanager
def held_interrupt() -> Iterator[None]:
    """Ctrl-C waits until the block ends: a commit and the line acknowledging it stay together.

    Without this, a Ctrl-C landing during a commit's fsync is raised just after the commit, so a
    saved answer would go unacknowledged and uncounted in the summary.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_line(stream: TextIO) -> str | None:
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream without bytes (tests): still one line per step
        line = stream.readline()
        return None if line == "" else line.rstrip("\r\n")[:MAX_LINE]
    data = buffer.readline(MAX_LINE)
    if not data:
        return None
    if not data.endswith(b"\n"):  # over-long: drop the rest of this line, keep the next in step
        while True:
            rest = buffer.readline(MAX_LINE)
            if not rest or rest.endswith(b"\n"):
                break
    return data.rstrip(b"\r\n").decode("utf-8", "replace")
