"""`dltutor demo list` and `dltutor demo NAME`: run the course's algorithms and watch them learn.

Options are checked here, before the demo module (and with it torch, ~1 s) is imported, so a
mistake costs nothing and says so in one line. `demo list` never imports torch.
"""


import sys
from contextvars import ContextVar
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup


def _listing() -> list[list[str]]:
    from dltutor.demos.registry import DEMOS

    return [[d.name + (f" ({', '.join(d.aliases)})" if d.aliases else ""), d.lecture, d.summary] for d in DEMOS]


class DemoGroup(TyperGroup):
    """An unknown demo name gets the list of demos rather than click's "No such command"."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            _unknown_demo(args[0])
        return super().resolve_command(ctx, args)


def _unknown_demo(name: str) -> None:
    import difflib

    from dltutor.demos.registry import DEMOS
    from dltutor.render.fast import Styled, table, use_color
    from dltutor.textsafe import clean_line

    names = [n for d in DEMOS for n in (d.name, *d.aliases)]
    close = difflib.get_close_matches(name.lower(), names, n=2, cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    sys.stderr.write(f"dltutor: error: no demo named {clean_line(name)!r}{hint}. The demos are:\n")
    sys.stderr.write(table(["demo", "lecture", "what it shows"], _listing(), styled=Styled(use_color(sys.stderr))))
    raise typer.Exit(2)


app = typer.Typer(
    cls=DemoGroup,
    help="Watch the course's algorithms learn: perceptron, XOR, gradient descent, backprop. "
    "Start with `dltutor demo list`.",
    no_args_is_help=True,
)

Seed = Annotated[int, typer.Option("--seed", help="Seed for every random choice: the same seed gives the same run.")]
Speed = Annotated[float, typer.Option("--speed", help="Animation speed: 2 plays twice as fast, 0.5 half as fast.")]
Animate = Annotated[
    Optional[bool],
    typer.Option("--animate/--no-animate", show_default=False,
                 help="Animate frame by frame, or print only the final state. Default: animate in a terminal."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object per frame per line; the last has a summary.")]
Lr = Annotated[float, typer.Option("--lr", help="The learning rate λ.")]


# The app's demo form (dltutor/tui) checks its fields with these same commands: while `checked`
# runs one, `_play` records the options it would run with instead of running them.
_checking: ContextVar[Optional[dict[str, Any]]] = ContextVar("_checking", default=None)


def command(name: str) -> Any:
    """The function behind `dltutor demo NAME`: its parameters are the demo's options."""
    return next(c.callback for c in app.registered_commands
                if (c.name or c.callback.__name__.replace("_", "-")) == name)


def checked(name: str, values: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """The options `run()` takes and the speed `dltutor demo NAME` would play with, given the
    command's parameters by name (typed as it declares them); BadOption as on the command line."""
    record: dict[str, Any] = {}
    token = _checking.set(record)
    try:
        command(name)(**values)
    finally:
        _checking.reset(token)
    return record["options"], record["speed"]


def _play(name: str, options: dict[str, Any], *, speed: float = 1.0, animate: Optional[bool] = None,
          as_json: bool = False) -> None:
    from dltutor.demos import options as opt
    from dltutor.demos.registry import find_demo

    opt.positive("--speed", speed, most=1000)
    if "seed" in options:
        opt.count("--seed", options["seed"], least=0, most=2**63 - 1)
    info = find_demo(name)
    assert info is not None
    record = _checking.get()
    if record is not None:
        record.update(options=options, speed=speed)
        return

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


@app.command("list")
def list_demos(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every demo with its lecture and what it shows."""
    from dltutor.demos.registry import DEMOS

    if as_json:
        import json

        data = [{"name": d.name, "aliases": list(d.aliases), "title": d.title, "lecture": d.lecture,
                 "summary": d.summary, "terms": list(d.terms)} for d in DEMOS]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from dltutor.render.fast import Styled, table, use_color

    sys.stdout.write(table(["demo", "lecture", "what it shows"], _listing(), styled=Styled(use_color())))
    sys.stdout.write("Run one: dltutor demo perceptron   (--help on any demo lists its options)\n")


@app.command()
def neuron(
    x: Annotated[str, typer.Option("--x", help="Inputs x₁,x₂,... separated by commas.")] = "1,0",
    w: Annotated[str, typer.Option("--w", help="Weights w₁,w₂,..., one per input.")] = "0.5,-1",
    b: Annotated[float, typer.Option("--b", help="The bias b.")] = 0.1,
    alpha: Annotated[float, typer.Option("--alpha", help="Leaky ReLU's slope α for z < 0, from 0 to below 1.")] = 0.01,
    speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """One neuron: z = Σ wⱼxⱼ + b, and y = g(z) under each of the six activations (lecture 1)."""
    from dltutor.demos import options as opt

    xs, ws = opt.vector("--x", x), opt.vector("--w", w)
    if len(xs) != len(ws):
        raise opt.BadOption(f"--x and --w must have the same length: {len(xs)} input(s) but {len(ws)} weight(s)")
    _play("neuron", {"x": xs, "w": ws, "b": opt.finite("--b", b), "alpha": opt.fraction("--alpha", alpha)},
          speed=speed, animate=animate, as_json=as_json)


@app.command()
def activations(
    span: Annotated[float, typer.Option("--range", help="Plot z from −RANGE to RANGE.")] = 6.0,
    alpha: Annotated[float, typer.Option("--alpha", help="Leaky ReLU's slope α for z < 0, from 0 to below 1.")] = 0.01,
    speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """BTU, linear, sigmoid, tanh, ReLU and leaky ReLU with their derivatives; where each saturates."""
    from dltutor.demos import options as opt

    _play("activations", {"span": opt.positive("--range", span, most=1000), "alpha": opt.fraction("--alpha", alpha)},
          speed=speed, animate=animate, as_json=as_json)


@app.command()
def perceptron(
    gate: Annotated[str, typer.Option("--gate", help="The gate to learn: and, or, nand, not.")] = "and",
    data: Annotated[str, typer.Option("--data", help="gate, or random: separable points in the plane.")] = "gate",
    points: Annotated[int, typer.Option("--points", help="How many random points (with --data random).")] = 20,
    lr: Lr = 0.1,
    epochs: Annotated[int, typer.Option("--epochs", help="At most this many passes over the data.")] = 100,
    init: Annotated[str, typer.Option("--init", help="Starting weights: zero (as the theorem assumes) or random.")] = "zero",
    seed: Seed = 0, speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """The perceptron learning rule Δw = λ(t − y)x, epoch by epoch, with Novikoff's bound (lecture 3)."""
    from dltutor.demos import options as opt

    if gate.strip().lower() == "xor":
        raise opt.BadOption("no perceptron learns XOR (it is not linearly separable); run `dltutor demo xor` to watch why")
    _play("perceptron", {
        "gate": opt.choice("--gate", gate, ("and", "or", "nand", "not")),
        "data": opt.choice("--data", data, ("gate", "random")),
        "points": opt.count("--points", points, least=2, most=1000),
        "lr": opt.positive("--lr", lr, most=1e6),
        "epochs": opt.count("--epochs", epochs, most=100_000),
        "init": opt.choice("--init", init, ("zero", "random")),
        "seed": seed,
    }, speed=speed, animate=animate, as_json=as_json)


@app.command()
def xor(
    lr: Lr = 0.1,
    epochs: Annotated[int, typer.Option("--epochs", help="At most this many perceptron epochs.")] = 50,
    init: Annotated[str, typer.Option("--init", help="The perceptron's starting weights: zero or random.")] = "zero",
    hidden: Annotated[int, typer.Option("--hidden", help="Hidden units of the MLP.")] = 4,
    mlp_lr: Annotated[float, typer.Option("--mlp-lr", help="The MLP's learning rate.")] = 2.0,
    mlp_epochs: Annotated[int, typer.Option("--mlp-epochs", help="Epochs of backprop for the MLP.")] = 2000,
    seed: Seed = 0, speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """XOR: the perceptron cycles forever; an MLP with a hidden layer learns it by backprop (lecture 2)."""
    from dltutor.demos import options as opt

    _play("xor", {
        "lr": opt.positive("--lr", lr, most=1e6),
        "epochs": opt.count("--epochs", epochs, most=100_000),
        "init": opt.choice("--init", init, ("zero", "random")),
        "hidden": opt.count("--hidden", hidden, most=64),
        "mlp_lr": opt.positive("--mlp-lr", mlp_lr, most=1e6),
        "mlp_epochs": opt.count("--mlp-epochs", mlp_epochs, most=1_000_000),
        "seed": seed,
    }, speed=speed, animate=animate, as_json=as_json)


def gradient_descent(
    data: Annotated[str, typer.Option("--data", help="regression (MSE, a quadratic) or classification (cross-entropy).")] = "regression",
    points: Annotated[int, typer.Option("--points", help="How many examples.")] = 64,
    lr: Lr = 0.5,
    epochs: Annotated[int, typer.Option("--epochs", help="Passes over the data.")] = 30,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Examples per mini-batch.")] = 8,
    noise: Annotated[float, typer.Option("--noise", help="Noise in the data.")] = 0.3,
    seed: Seed = 0, speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """Batch GD, SGD and mini-batch on the same data; on a quadratic loss batch GD diverges past λ = 2/L (lecture 4)."""
    from dltutor.demos import options as opt

    points = opt.count("--points", points, least=2, most=100_000)
    _play("gradient-descent", {
        "data": opt.choice("--data", data, ("regression", "classification")),
        "points": points,
        "lr": opt.positive("--lr", lr, most=1e6),
        "epochs": opt.count("--epochs", epochs, most=100_000),
        "batch_size": opt.count("--batch-size", batch_size, most=points),
        "noise": opt.between("--noise", noise, 0, 10),
        "seed": seed,
    }, speed=speed, animate=animate, as_json=as_json)


app.command("gradient-descent")(gradient_descent)
app.command("gd", hidden=True)(gradient_descent)


@app.command()
def backprop(
    x: Annotated[str, typer.Option("--x", help="The input x₁,x₂,... separated by commas.")] = "1,0",
    t: Annotated[float, typer.Option("--t", help="The target output, from 0 to 1.")] = 1.0,
    hidden: Annotated[int, typer.Option("--hidden", help="Hidden units.")] = 2,
    lr: Lr = 0.5,
    steps: Annotated[int, typer.Option("--steps", help="Training steps; the first is shown in detail.")] = 20,
    seed: Seed = 0, speed: Speed = 1.0, animate: Animate = None, as_json: AsJson = False,
) -> None:
    """A small sigmoid MLP, one backprop step at a time, every gradient checked by autograd (lecture 5)."""
    from dltutor.demos import options as opt

    _play("backprop", {
        "x": opt.vector("--x", x, max_len=8),
        "t": opt.between("--t", t, 0, 1),
        "hidden": opt.count("--hidden", hidden, most=8),
        "lr": opt.positive("--lr", lr, most=1e6),
        "steps": opt.count("--steps", steps, most=100_000),
        "seed": seed,
    }, speed=speed, animate=animate, as_json=as_json)
