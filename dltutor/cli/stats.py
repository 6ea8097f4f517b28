"""`dltutor stats`: what is due, how much you reviewed, how well you remember, lecture by lecture."""


import json
import sys
from typing import Annotated, Any

import typer

_BLOCKS = " ▁▂▃▄▅▆▇█"


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Your progress: cards due, reviews per day, retention, mastery, quiz and practice scores per lecture."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.store.stats import LectureInfo, collect

    course = _study.course()
    settings = _study.settings()
    conn = _study.open_store(course, write=False)
    moment = now()
    figures = collect(conn, moment, lectures=[LectureInfo(l.id, l.number, l.title) for l in course.lectures],
                      desired_retention=settings.desired_retention, new_per_day=settings.new_per_day,
                      rollover_hour=settings.day_starts_at)
    conn.close()
    if as_json:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        return
    _print(figures)


def _bar(fraction: float, width: int) -> str:
    filled = fraction * width
    full = int(filled)
    part = _BLOCKS[int((filled - full) * 8)] if full < width else ""
    return ("█" * full + part.strip()).ljust(width, "·")


def _print(f: dict[str, Any]) -> None:
    from datetime import date

    from dltutor.render.fast import Styled, table, use_color, width, wrap
    from dltutor.study.wording import today_parts

    s = Styled(use_color())
    columns = min(width(), 100)

    def out(text: str) -> None:
        """Lines fitted to the terminal: a long one wraps at spaces, keeping its indent."""
        *lines, tail = text.split("\n")
        for line in lines:
            if len(line) > columns and "\x1b" not in line:  # styled lines are short headings
                line = "\n".join(wrap(line, columns, line[:len(line) - len(line.lstrip())]))
            sys.stdout.write(line + "\n")
        sys.stdout.write(tail)
    out(s.style("Due", "heading") + "\n")
    out(f"  today: {f['due_today']} card{'s' * (f['due_today'] != 1)} ({today_parts(f)})\n")
    peak = max((d["due"] for d in f["upcoming"]), default=0) or 1
    for i, d in enumerate(f["upcoming"]):
        day = "today" if i == 0 else date.fromisoformat(d["date"]).strftime("%a %d %b")
        out(f"  {day:<10} {_bar(d['due'] / peak, 20)} {d['due']}\n")

    out("\n" + s.style("Reviews, last 30 days", "heading") + "\n")
    counts = [d["reviews"] for d in f["reviews_by_day"]]
    top = max(counts) or 1
    spark = "".join("·" if c == 0 else _BLOCKS[max(1, round(8 * c / top))] for c in counts)
    first = date.fromisoformat(f["reviews_by_day"][0]["date"]).strftime("%d %b")
    out(f"  {first} {s.style(spark, 'cyan')}" + (" today" if columns >= len(spark) + 15 else "") + "\n")
    out(f"  {sum(counts)} in 30 days · {f['reviews_today']} today · {f['reviews_total']} in all · "
        f"streak {f['streak_days']} day{'s' * (f['streak_days'] != 1)} · busiest day {top if any(counts) else 0}\n")

    r = f["retention"]
    out("\n" + s.style("Retention", "heading") + "\n")
    if r["measured"] is None:
        out(f"  measured: no reviews of learnt cards in the last 30 days yet · desired {r['desired']:.0%}\n")
    else:
        out(f"  measured {r['measured']:.1%} over {r['reviews']} reviews of learnt cards (30 days) · "
            f"desired {r['desired']:.0%}\n")

    out("\n" + s.style("Mastery by lecture", "heading") + s.style("  (cards with stability over 21 days)", "dim") + "\n")
    rows = []
    for lec in f["lectures"]:
        quiz = f"{lec['quiz_score']:.0%}" if lec["quiz_score"] is not None else "-"
        solved = f"{lec['practice_score']:.0%}" if lec["practice_score"] is not None else "-"
        rows.append([str(lec["number"]), lec["title"], f"{lec['studied']}/{lec['cards']}",
                     f"{_bar(lec['mastery'], 10)} {lec['mastery']:.0%}", str(lec["due_now"]), quiz, solved])
    out(table(["#", "lecture", "studied", "mastery", "due", "quiz", "practice"], rows, right=(0, 2, 4, 5, 6),
              styled=s, columns=columns))

    out("\n" + s.style("Recent quizzes", "heading") + f"  ({f['quiz_attempts']} in all)\n")
    if not f["recent_quizzes"]:
        out("  none yet: try `dltutor quiz lecture-1`\n")
    for q in f["recent_quizzes"]:
        pct = q["score"] / q["answered"] if q["answered"] else 0
        out(f"  {q['date']}  {q['scope']:<11} {q['score']:g}/{q['answered']} ({pct:.0%})"
            f"{'' if q['finished'] else '  (stopped early)'}\n")


def register(app: typer.Typer) -> None:
    app.command()(stats)
