"""Time to `dltutor practice`'s first problem against a one-command Typer app.

Goal (issue 14): at most 1.25x the baseline. stdin is at end of input, so each run generates its
problems, opens the store, prints the heading and the first problem, reads end of input and
prints its closing line: the whole run is an upper bound on the time to the first problem.
The store exists (the warm-up runs create it; end of input saves no answer). Commands run
interleaved, round after round; each figure is the median of its rounds.
Run: python bench/practice_speed.py [--rounds N]
"""

from __future__ import annotations

import sys

from startup import against_typer  # bench/startup.py, beside this file


def main() -> int:
    return against_typer({"dltutor practice": ["practice"],
                          "dltutor practice conv-output-size": ["practice", "conv-output-size"],
                          "dltutor practice lecture-6": ["practice", "lecture-6"]}, note=", stdin at end of input")


if __name__ == "__main__":
    sys.exit(main())
