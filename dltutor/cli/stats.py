"""`dltutor stats`: what is due, how much you reviewed, how well you remember, lecture by lecture."""


import json
import sys
from typing import Annotated, Any

import typer

_BLOCKS = " ▁▂▃▄▅▆▇█"


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Your progress: cards due, reviews, retention, what FSRS predicts and how well, mastery per lecture, essays."""
    from dltutor.cli import _study
    from dltutor.clock import now
    from dltutor.store.stats import collect, lecture_infos

    course = _study.course()
    settings = _study.settings()
    conn = _study.open_store(course, write=False)
    moment = now()
    figures = collect(conn, moment, lectures=lecture_infos(course),
                      desired_retention=settings.desired_retention, new_per_day=settings.new_per_day,
                      rollover_hour=settings.day_starts_at, scheduler=settings.scheduler())
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
    _memory(f, s, out)

    from dltutor.store.stats import MASTERY_NOTE

    out("\n" + s.style("Mastery by lecture", "heading") + s.style(f"  ({MASTERY_NOTE})", "dim") + "\n")
    rows = []
    for lec in f["lectures"]:
        quiz = f"{lec['quiz_score']:.0%}" if lec["quiz_score"] is not None else "-"
        solved = f"{lec['practice_score']:.0%}" if lec["practice_score"] is not None else "-"
        rows.append([str(lec["number"]), lec["title"], f"{lec['studied']}/{lec['cards']}",
                     f"{_bar(lec['mastery'], 6)} {lec['mastery']:>4.0%}", str(lec["due_now"]), quiz, solved,
                     f"{lec['essays_done']}/{lec['essay_prompts']}"])
    headers = ["#", "lecture", "cards", "mastery", "due", "quiz", "practice", "essays"]
    out(table(headers, rows, right=(0, 2, 4, 5, 6, 7), styled=s, columns=columns))
    e = f["essays"]
    out(f"  essays: {e['done']} done, {e['written'] - e['done']} in draft of {e['prompts']} prompts · "
        f"{e['words']:,} words · `dltutor essay list`\n")

    out("\n" + s.style("Recent quizzes", "heading") + f"  ({f['quiz_attempts']} in all)\n")
    if not f["recent_quizzes"]:
        out("  none yet: try `dltutor quiz lecture-1`\n")
    for q in f["recent_quizzes"]:
        pct = q["score"] / q["answered"] if q["answered"] else 0
        out(f"  {q['date']}  {q['scope']:<11} {q['score']:g}/{q['answered']} ({pct:.0%})"
            f"{'' if q['finished'] else '  (stopped early)'}\n")


def _memory(f: dict[str, Any], s: Any, out: Any) -> None:
    """What FSRS knows: retrievability now, calibration, retention week by week, the year of reviews."""
    from dltutor.render.charts import CALIBRATION_HEADERS, calibration_rows, heatmap, retention_chart
    from dltutor.render.fast import table, width

    r = f["retrievability"]
    out("\n" + s.style("Memory (FSRS)", "heading") + "\n")
    if r["mean"] is None:
        out("  retrievability: no cards studied yet\n")
    else:
        out(f"  retrievability now {r['mean']:.1%}: the mean predicted chance of recalling each of your "
            f"{r['cards']:,} studied cards today\n")
    c = f["calibration"]
    if c["reviews"]:
        out(f"  calibration over {c['reviews']:,} reviews of learnt cards ({c['window_days']} days): FSRS predicted "
            f"{c['predicted']:.1%}, you recalled {c['recalled']:.1%}\n")
        out(table(CALIBRATION_HEADERS, calibration_rows(c), right=(1, 2, 3, 4), styled=s, columns=min(width(), 100)))
    else:
        out("  calibration: no reviews of learnt cards in the last year yet\n")
    weeks = f["retention_by_week"]
    seen = [w for w in weeks if w["retention"] is not None]
    out("\n" + s.style(f"Retention by week, last {len(weeks)} weeks", "heading") + "\n")
    if seen:
        for line in retention_chart(weeks):
            out(line + "\n")
        out(f"  {len(seen)} weeks with reviews of learnt cards · first {seen[0]['retention']:.0%} "
            f"(week of {seen[0]['week_from']}) · latest {seen[-1]['retention']:.0%}\n")
    else:
        out("  no reviews of learnt cards yet\n")
    y = f["year"]
    out("\n" + s.style("Reviews, last year", "heading") + f"  ({y['reviews']:,} on {y['studied_days']} days)\n")
    for line in heatmap(y, columns=min(width(), 100)):
        out(line + "\n")


def register(app: typer.Typer) -> None:
    app.command()(stats)
