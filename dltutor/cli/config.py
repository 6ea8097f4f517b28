"""`dltutor config`: read and change the settings in config.toml."""


import json
import sys
from typing import Annotated

import typer

app = typer.Typer(help="Read and change your settings (config.toml in the data directory).", no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _show(value: object) -> str:
    if value is None:
        return "FSRS defaults"
    if isinstance(value, list):
        return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


@app.command("get")
def get(key: Annotated[str, typer.Argument(help="e.g. review.new_per_day")]) -> None:
    """Print one setting's value."""
    from dltutor.settings import get_setting

    sys.stdout.write(_show(get_setting(key)) + "\n")


# A value may start with a dash (`config set review.new_per_day -5`): it is a value, not an option,
# and gets the setting's range error rather than "No such option".
@app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    key: Annotated[str, typer.Argument(help="e.g. review.desired_retention")],
    value: Annotated[str, typer.Argument(help="The new value; `default` goes back to the default.")],
) -> None:
    """Change one setting."""
    from dltutor.settings import KEYS, set_setting

    if value.strip().lower() == "default" and key in KEYS:
        stored = set_setting(key, "default") if key == "fsrs.parameters" else set_setting(key, str(KEYS[key].default))
    else:
        stored = set_setting(key, value)
    sys.stdout.write(f"{key} = {_show(stored)}\n")


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False) -> None:
    """Every setting with its value, its default and what it does."""
    from dltutor.settings import KEYS, config_path, get_setting

    values = {k: get_setting(k) for k in KEYS}
    if as_json:
        sys.stdout.write(json.dumps(values) + "\n")
        return
    for name, key in KEYS.items():
        mark = "" if values[name] == key.default else "   (changed)"
        sys.stdout.write(f"{name} = {_show(values[name])}{mark}\n    {key.help}; default {_show(key.default)}\n")
    sys.stdout.write(f"File: {config_path()}\n")
