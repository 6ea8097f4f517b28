"""User mistakes, each said in one line: the command line prints it and exits with status 2."""

from __future__ import annotations


class DltutorError(Exception):
    """Something the learner did or gave us is wrong; the message is the whole story, one line."""

    exit_code = 2


class ContentError(DltutorError):
    """A content file is broken. Carries every problem found, each as `file:line: field: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        first = problems[0] if problems else "content error"
        more = f" (and {len(problems) - 1} more; run `dltutor content validate`)" if len(problems) > 1 else ""
        super().__init__(first + more)


class NotFoundError(DltutorError):
    """A lecture, topic or term that does not exist; the message names the closest matches."""

    def __init__(self, kind: str, asked: str, suggestions: list[str] | tuple[str, ...] = ()):
        from dltutor.textsafe import clean_line, clip

        self.kind = kind
        self.asked = asked
        self.suggestions = list(suggestions)
        hint = f"; did you mean {quoted_names(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no {kind} named {clip(clean_line(asked))!r}{hint}")


def quoted_names(names: list[str] | tuple[str, ...]) -> str:
    """Names a reader can tell apart, even one with a comma in it: 'ReLU', 'Delta (𝛿)' or 'Query, Key, Value'."""
    from dltutor.textsafe import clean_line

    shown = [f"'{clean_line(n)}'" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def say(message: str) -> None:
    """Write `dltutor: error: MESSAGE` to stderr as one line, however long or strange the message."""
    import sys

    from dltutor.textsafe import error_line

    sys.stderr.write(f"dltutor: error: {error_line(message)}\n")
