"""Options as data: the command line is built from each demo's specs, one check serves both front ends,
and a run whose estimated work is past the budget is refused with the options that make it long."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.demos import options as opt
from dltutor.demos.registry import DEMOS, find_demo

runner = CliRunner()


def _click_demo(name: str):
    group = get_command(app)
    demo = group.get_command(None, "demo")  # a group loaded when named
    return demo.commands[name]


@pytest.mark.parametrize("info", DEMOS, ids=lambda d: d.name)
def test_each_command_has_exactly_its_specs_flags_defaults_and_help(info):
    command = _click_demo(info.name)
    params = {p.name: p for p in command.params}
    specs = opt.fields(info)
    assert list(params) == [o.name for o in specs] + ["animate", "as_json"]
    for o in specs:
        p = params[o.name]
        assert p.opts == [o.flag] and p.default == o.default and p.help == o.help
    assert command.help == info.help and info.help
    for alias in info.aliases:
        same = _click_demo(alias)
        assert same.hidden and [(p.opts, p.default) for p in same.params] == [(p.opts, p.default) for p in command.params]


@pytest.mark.parametrize("info", DEMOS, ids=lambda d: d.name)
def test_the_defaults_pass_the_check_and_the_budget(info):
    options, speed = opt.check(info, {})
    assert set(options) == {o.name for o in info.options} and speed == 1.0
    assert info.work(options) < opt.BUDGET / 10


@pytest.mark.parametrize(
    "args",
    [
        ["perceptron", "--lr", "0"],
        ["perceptron", "--gate", "xor"],
        ["perceptron", "--gate", "nor"],
        ["neuron", "--x", "1,0,1", "--w", "0.5,-1"],
        ["gd", "--batch-size", "100", "--points", "10"],
        ["xor", "--speed", "0"],
        ["backprop", "--seed", "-4"],
        ["gd", "--points", "100000", "--epochs", "100000", "--batch-size", "1"],
        ["xor", "--epochs", "100000", "--hidden", "64", "--mlp-epochs", "1000000"],
    ],
)
def test_the_command_line_says_what_the_one_check_says(args):
    info = find_demo(args[0])
    values = {}
    for flag, text in zip(args[1::2], args[2::2]):
        o = next(o for o in opt.fields(info) if o.flag == flag)
        values[o.name] = o.parse(text)
    with pytest.raises(opt.BadOption) as caught:
        opt.check(info, values)
    result = runner.invoke(app, ["demo", *args])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"dltutor: error: {caught.value}\n"


def test_huge_runs_are_refused_naming_the_options_that_make_them_long():
    # issue 17: each option under its own cap, together hours or days of work.
    cases = {
        ("gradient-descent", ("points", 100_000), ("epochs", 100_000), ("batch_size", 1)):
            "--points 100000, --epochs 100000 and --batch-size 1 would take about",
        ("xor", ("epochs", 100_000), ("hidden", 64), ("mlp_epochs", 1_000_000)):
            "--epochs 100000, --hidden 64 and --mlp-epochs 1000000 would take about",
        ("xor", ("mlp_epochs", 1_000_000)): "--mlp-epochs 1000000 would take about",
        ("perceptron", ("data", "random"), ("points", 1000), ("epochs", 100_000), ("init", "random")):
            "--points 1000 and --epochs 100000 would take about",
    }
    for (name, *pairs), start in cases.items():
        with pytest.raises(opt.BadOption) as caught:
            opt.check(find_demo(name), dict(pairs))
        message = str(caught.value)
        assert message.startswith(start) and message.endswith(f"a demo may take at most {opt.BUDGET:g} s: "
                                                              "choose smaller values")


def test_the_budget_grows_with_the_work_and_is_crossed_between_a_long_and_a_huge_run():
    gd = find_demo("gd")
    base, _ = opt.check(gd, {})
    works = [gd.work({**base, "epochs": e}) for e in (10, 100, 1000, 10_000)]
    assert works == sorted(works) and works[0] < works[-1] / 100
    opt.check(gd, {"epochs": 1000})  # ~7 s here: allowed
    with pytest.raises(opt.BadOption):
        opt.check(gd, {"epochs": 10_000})


def test_typed_text_becomes_values_of_the_specs_kind():
    lr = next(o for o in find_demo("perceptron").options if o.name == "lr")
    assert lr.parse(" 0.25 ") == 0.25 and lr.parse("") == 0.1 and lr.text == "0.1"
    with pytest.raises(opt.BadOption, match=r"^--lr takes a number; 'fast' is not one$"):
        lr.parse("fast")
    points = next(o for o in find_demo("perceptron").options if o.name == "points")
    with pytest.raises(opt.BadOption, match=r"^--points takes a whole number; '2.5' is not one$"):
        points.parse("2.5")


def test_an_error_line_never_repeats_a_huge_argument():
    result = runner.invoke(app, ["demo", "neuron", "--x", "1," + "y" * 100_000])
    assert result.exit_code == 2 and len(result.stderr) < 200
