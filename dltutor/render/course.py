"""Course text drawn with rich Markdown, for `dltutor read`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dltutor.course.markdown import for_terminal
from dltutor.textsafe import clean_text

if TYPE_CHECKING:
    from rich.markdown import Markdown


def markdown(source: str) -> Markdown:
    """Course Markdown (with LaTeX) as a rich renderable; control characters never pass."""
    # rich.markdown pulls in markdown-it (~18 ms): only `read` pays for it.
    from rich.markdown import Markdown

    return Markdown(clean_text(for_terminal(source)), hyperlinks=True)
