"""`dltutor demo list` and `dltutor demo NAME`: run the course's algorithms and watch them learn.

Each demo's command is built from its registry entry: the options are its `Option` specs
(dltutor.demos.options), checked by `options.check` before the demo module (and with it torch,
~1 s) is imported, so a mistake costs nothing and says so in one line. The app's form is built
from the same specs. `demo list` never imports torch.
"""


import inspect
import sys
from typing import Annotated, Any, Callable, Optional

import typer
from typer.core import TyperGroup

from dltutor.demos.registry import DEMOS  # a light table: no torch


def _listing() -> list[list[str]]:
    return [[d.name + (f" ({', '.join(d.aliases)})" if d.aliases else ""), d.lecture, d.summary] for d in DEMOS]


class DemoGroup(TyperGroup):
    """An unknown demo name gets the list of demos rather than click's "No such command"."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            _unknown_demo(args[0])
        return super().resolve_command(ctx, args)


def _unknown_demo(name: str) -> None:
    import difflib

    from dltutor.errors import say
    from dltutor.render.fast import Styled, table, use_color
    from dltutor.textsafe import clean_line

    names = [n for d in DEMOS for n in (d.name, *d.aliases)]
    close = difflib.get_close_matches(name.lower(), names, n=2, cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    say(f"no demo named {clean_line(name)!r}{hint}. The demos are:")
    sys.stderr.write(table(["demo", "lecture", "what it shows"], _listing(), styled=Styled(use_color(sys.stderr))))
    raise typer.Exit(2)


app = typer.Typer(
    cls=DemoGroup,
    help="Watch the course's algorithms learn: perceptrons, gradient descent, backprop, convolution, "
    "vanishing gradients, regularization, momentum. "
    "Start with `dltutor demo list`.",
    no_args_is_help=True,
)

Animate = Annotated[
    Optional[bool],
    typer.Option("--animate/--no-animate", show_default=False,
                 help="Animate frame by frame, or print only the final state. Default: animate in a terminal."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object per frame per line; the last has a summary.")]


def _play(info: Any, values: dict[str, Any], *, animate: Optional[bool] = None, as_json: bool = False) -> None:
    from dltutor.demos.options import check

    options, speed = check(info, values)  # BadOption: one line, exit 2, torch not imported
    from dltutor.cli._study import record

    record("demo", info.name)  # for `dltutor next`: a demo watched since a question was missed

    def start() -> Any:
        import importlib

        return importlib.import_module(info.module).run(**options)  # imports torch

    if as_json:
        from dltutor.render.demo import play_json

        play_json(start())
        return
    from dltutor.course.load import load_course
    from dltutor.render import demo as view
    from dltutor.render.console import stdout_console

    course = load_course()
    console = stdout_console()
    if animate is None:
        animate = console.is_terminal
    if animate:
        view.play_animated(info, course, start, console, speed)
    else:
        view.play_final(info, course, start, console)


def demo_command(info: Any) -> Callable[..., None]:
    """`dltutor demo NAME` for one registry entry: a Typer command whose parameters are its option specs."""
    from dltutor.demos.options import fields

    def command(animate: Optional[bool] = None, as_json: bool = False, **values: Any) -> None:
        _play(info, values, animate=animate, as_json=as_json)

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter(o.name, keyword, default=o.default,
                                annotation=Annotated[o.kind, typer.Option(o.flag, help=o.help)]) for o in fields(info)]
    params += [inspect.Parameter("animate", keyword, default=None, annotation=Animate),
               inspect.Parameter("as_json", keyword, default=False, annotation=AsJson)]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__name__ = info.name.replace("-", "_")
    command.__doc__ = info.help
    return command


@app.command("list")
def list_demos(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every demo with its lecture and what it shows."""
    if as_json:
        import json

        data = [{"name": d.name, "aliases": list(d.aliases), "title": d.title, "lecture": d.lecture,
                 "summary": d.summary, "terms": list(d.terms)} for d in DEMOS]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, table, use_color, width, wrap

    sys.stdout.write(table(["demo", "lecture", "what it shows"], _listing(), styled=Styled(use_color())))
    hint = "Run one: dltutor demo perceptron   (--help on any demo lists its options)"
    sys.stdout.write("\n".join([hint] if len(hint) <= width() else wrap(hint, width())) + "\n")


for _info in DEMOS:
    _command = demo_command(_info)
    app.command(_info.name)(_command)
    for _alias in _info.aliases:
        app.command(_alias, hidden=True)(_command)
