"""`dltutor lectures`, `dltutor read`, `dltutor glossary`: the course itself."""


import json
import sys
from dataclasses import asdict
from typing import Annotated, Any, Optional

import typer


def _course() -> Any:
    from dltutor.course.load import load_course

    return load_course()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _lecture_json(lecture: Any, course: Any) -> dict[str, Any]:
    data = asdict(lecture)
    from dltutor.demos.registry import lecture_demos  # a plain table: no torch

    data["demos"] = list(lecture_demos(lecture))
    data["kind"] = "lecture"
    # The video link facts the reader states: lectures the guidebook gives the same link.
    data["video"]["same_link_as"] = [lec.id for lec in course.same_video(lecture)]
    return data


def _term_json(term: Any) -> dict[str, Any]:
    return {
        "id": term.id,
        "term": term.term,
        "definition": term.definition,
        "definitions": [asdict(d) for d in term.definitions],
        "lectures": list(term.lectures),
        "aliases": list(term.aliases),
        "see_also": list(term.see_also),
        "demos": list(_term_demos(term.id)),
    }


def _term_demos(term_id: str) -> tuple[str, ...]:
    from dltutor.demos.registry import term_demos

    return term_demos(term_id)


def lectures(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
) -> None:
    """List the lectures with their numbers of questions, glossary terms and essay prompts."""
    course = _course()
    if as_json:
        from dltutor.demos.registry import lecture_demos  # a plain table: no torch

        _print_json([
            {
                "id": lec.id,
                "number": lec.number,
                "slug": lec.slug,
                "title": lec.title,
                "questions": len(lec.quiz),
                "terms": len(lec.glossary),
                "prompts": len(lec.essay_prompts),
                "demos": list(lecture_demos(lec)),
            }
            for lec in course.lectures
        ])
        return
    from dltutor.render.fast import Styled, use_color
    from dltutor.render.listing import lectures_table

    sys.stdout.write(lectures_table(course, Styled(use_color())))


def read(
    name: Annotated[
        Optional[str],
        typer.Argument(help="lecture-3, 3 or a slug; a topic (perceptrons); about, resources, final-thoughts. "
                       "Leave out for the table of contents.", show_default=False),
    ] = None,
    answers: Annotated[bool, typer.Option("--answers", help="Show answer highlights and key points.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole item as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown source (LaTeX kept), for notes.")] = False,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long text in a terminal.")] = True,
) -> None:
    """Read a lecture, a foundational topic or a page of the guidebook."""
    from dltutor.course import markdown as md
    from dltutor.course.lookup import find_readable
    from dltutor.course.model import Lecture, TopicPage

    course = _course()
    if name is None:
        if as_json:
            _print_json(_contents_json(course))
            return
        source = _contents_markdown(course)
    else:
        item = find_readable(course, name)
        if as_json:
            if isinstance(item, Lecture):
                _print_json(_lecture_json(item, course))
            else:
                _print_json({"kind": "topic" if isinstance(item, TopicPage) else "page", **asdict(item)})
            return
        from dltutor.cli._study import record

        record("read", item.id)
        if isinstance(item, Lecture):
            source = md.lecture_markdown(item, course, answers=answers)
        elif isinstance(item, TopicPage):
            source = md.topic_markdown(item, course)
        else:
            source = md.page_markdown(item)
    if markdown:
        from dltutor.textsafe import clean_text

        sys.stdout.write(clean_text(source))
        return
    from dltutor.render.console import print_paged, stdout_console
    from dltutor.render.course import markdown as to_rich

    print_paged(stdout_console(), to_rich(source), page=pager)


def _contents_json(course: Any) -> dict[str, Any]:
    return {
        "lectures": [{"id": lec.id, "number": lec.number, "title": lec.title} for lec in course.lectures],
        "topics": [{"id": t.id, "title": t.title} for t in course.topics],
        "pages": [{"id": p.id, "title": p.title} for p in course.pages],
    }


def _contents_markdown(course: Any) -> str:
    out = ["# Deep Learning Course Guidebook", "", "## Foundational Concepts"]
    out += [f"{i}. **{t.title}** — `dltutor read {t.id}`" for i, t in enumerate(course.topics, 1)]
    out += ["", "## Core Deep Learning Lectures"]
    out += [f"{lec.number}. **{lec.title}** — `dltutor read {lec.number}`" for lec in course.lectures]
    out += ["", "## More"]
    out += [f"- **{p.title}** — `dltutor read {p.id}`" for p in course.pages]
    return "\n".join(out) + "\n"


def glossary(
    term: Annotated[Optional[str], typer.Argument(help="A term, abbreviation or alias (relu, BTU, backprop).",
                                                  show_default=False)] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Find terms whose definitions mention these words.",
                                                  show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Look a term up, search the definitions, or list every term."""
    from dltutor.course.lookup import find_term, search_glossary

    course = _course()
    if search is not None:
        words = f"{search} {term}" if term else search
        found = search_glossary(course, words)
        if as_json:
            _print_json([_term_json(t) for t in found])
        elif not found:
            from dltutor.textsafe import clean_line

            sys.stderr.write(f"No glossary term mentions {clean_line(words)!r}.\n")
        if not found:
            raise typer.Exit(1)
        if as_json:
            return
        from dltutor.render.fast import Styled, use_color
        from dltutor.render.listing import term_list

        sys.stdout.write(term_list(course, found, Styled(use_color()), with_definitions=True))
        return
    if term is None:
        if as_json:
            _print_json([_term_json(t) for t in course.glossary])
            return
        from dltutor.render.fast import Styled, use_color
        from dltutor.render.listing import term_list

        sys.stdout.write(term_list(course, course.glossary, Styled(use_color()), with_definitions=False))
        return
    found_term = find_term(course, term)
    if as_json:
        _print_json(_term_json(found_term))
        return
    from dltutor.render.fast import Styled, use_color
    from dltutor.render.listing import term_view

    sys.stdout.write(term_view(course, found_term, Styled(use_color())))


def register(app: typer.Typer) -> None:
    app.command()(lectures)
    app.command()(read)
    app.command()(glossary)
