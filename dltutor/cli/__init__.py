"""The `dltutor` command line: one Typer app, one module per command group.

Nothing heavy is imported here: `dltutor --help` must stay as quick as a bare Typer app, so
rich, the content loader, rapidfuzz, numpy, torch and textual load inside the commands.
Command modules do not use `from __future__ import annotations`: Typer builds every command's
parameters on each run, and evaluating string annotations cost 8 of its 11 ms (22 commands).
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from dltutor.errors import DltutorError


class DltutorGroup(TyperGroup):
    """Every failure a learner can cause ends as one line on stderr and exit status 2."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        from typer._click import exceptions as click_exc

        from dltutor.errors import say

        try:  # typer 0.29 keeps Abort apart from its vendored click's exceptions
            from typer.exceptions import Abort
        except ImportError:  # typer built on click
            Abort = getattr(click_exc, "Abort", KeyboardInterrupt)

        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except DltutorError as exc:
            say(str(exc))
            sys.exit(exc.exit_code)
        except click_exc.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx is not None else "dltutor"
            say(f"{exc.format_message()} (see '{cmd} --help')")
            sys.exit(2)
        except click_exc.ClickException as exc:
            say(exc.format_message())
            sys.exit(2)
        except (Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            sys.exit(130)
        except BrokenPipeError:
            # The reader (head, a closed pager) went away; that is not our error. Point stdout at
            # devnull so the interpreter's final flush does not fail again (Python's own recipe).
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as exc:
            # A read that failed mid-way (damage, a lock, the disk): one true line. Only a command that
            # opened the store can raise it, so sqlite3 is imported by then (and not before, for --help).
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            from dltutor.store.db import explain

            say(str(explain(exc)))
            sys.exit(2)
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv

    # Command groups load when named (or when help lists them): each costs its imports, and every
    # command paid for all of them (the demo registry alone ~5 ms) before `cards show` could start.
    lazy: dict[str, str] = {}

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            from typer.main import get_group  # a group even with one command (content validate)

            group = get_group(importlib.import_module(self.lazy[cmd_name]).app)
            group.name = cmd_name
            self.commands[cmd_name] = group
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in self.lazy if n not in self.commands)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from typer._click import exceptions as click_exc

        try:
            return super().resolve_command(ctx, args)
        except click_exc.UsageError as exc:  # "did you mean" among every command, loaded or not
            from difflib import get_close_matches

            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            exc.message = exc.message.split(". Did you mean")[0].rstrip(".") + "." + (
                f" Did you mean {', '.join(repr(m) for m in matches)}?" if matches else "")
            raise


def _no_type_beside_flags() -> None:
    """typer 0.29's --help prints `<bool>` beside every flag, as if it took a value; a flag takes none."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "flags_bare", False):  # an older typer shows no type for flags
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> Any:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.flags_bare = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_beside_flags()

app = typer.Typer(
    cls=DltutorGroup,
    name="dltutor",
    context_settings={"help_option_names": ["-h", "--help"]},
)

from dltutor.cli import course, next, practice, quiz, review, stats, tui  # noqa: E402  (they register commands on `app`)

course.register(app)
next.register(app)
quiz.register(app)
practice.register(app)
review.register(app)
stats.register(app)
tui.register(app)
DltutorGroup.lazy = {name: f"dltutor.cli.{name}" for name in
                     ("cards", "backup", "config", "content", "demo", "essay", "export", "exercise")}


def main() -> None:
    app()
